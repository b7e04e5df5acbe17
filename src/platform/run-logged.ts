/**
 * Runs a background job (a purge, a re-scoring pass) and logs its outcome as one JSON
 * line. It never rejects: a failed job is logged and the server carries on.
 */
export async function runLogged(name: string, job: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  try {
    const result = await job();
    console.log(
      JSON.stringify({ level: 'info', msg: `${name} done`, result, ms: Date.now() - started }),
    );
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: `${name} failed`, error: String(error) }));
  }
}
