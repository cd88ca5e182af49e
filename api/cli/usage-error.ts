/** Bad input on the command line: `main` prints its message and exits with status 2. */
export class UsageError extends Error {}
