import { loadConfig } from './config';
import { buildServices, type Services } from './services';

/*
 * Under `astro dev` no start script builds the services, so the dev server's first request
 * builds them here, once per module load (a code change reloads this module: the old
 * database handle is left to the garbage collector, which is fine for development). Never
 * used by `npm start`, which hands its services to every request.
 */
let building: Promise<Services> | undefined;

export function devServices(): Promise<Services> {
  return (building ??= buildServices(loadConfig()).then((services) => {
    services.jobs.start();
    return services;
  }));
}
