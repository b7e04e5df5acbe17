import { z } from 'zod';
import { dateTime, text } from './fields';
import { defineBlock } from './define';

export const countdownBlock = defineBlock({
  type: 'countdown',
  label: 'Countdown',
  description: 'Time left until a deadline: an offer, a launch, the start of an event.',
  props: z.object({
    heading: text('Heading', 120, { min: 1 }),
    deadline: dateTime('Deadline'),
    endedText: text('Shown after the deadline', 160).default('This offer has ended.'),
  }),
  defaults: { heading: 'Early-bird price ends in', deadline: '2026-12-31T23:59' },
});
