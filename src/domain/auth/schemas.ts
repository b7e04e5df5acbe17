import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';
import { brandKitShape } from '../workspaces/settings';

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'Email is too long.')
  .pipe(z.email('Enter a valid email address.'))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX),
});
export type SignIn = z.infer<typeof signInSchema>;

export const newAccountSchema = z.object({
  name: z.string().trim().max(100, 'Name is too long.').default(''),
  email: emailSchema,
  password: passwordSchema,
  workspaceName: z
    .string()
    .trim()
    .min(1, 'Name your workspace.')
    .max(80, 'Use at most 80 characters.'),
  // The brand kit's optional lines: a new workspace's pages speak for its company.
  ...brandKitShape,
});
export type NewAccount = z.infer<typeof newAccountSchema>;

export const changePasswordSchema = z
  .object({
    _action: z.literal('password'),
    currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(PASSWORD_MAX),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two new passwords do not match.',
  });
