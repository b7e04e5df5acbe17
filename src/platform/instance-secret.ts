/**
 * A secret every instance must hold alike (the IP-hash salt, the key that signs mail
 * links): the configured value when there is one, else the first one any instance stored.
 * Once settled it is read without awaiting, so hot paths pay nothing for it.
 */
export class InstanceSecret {
  private settling: Promise<string> | undefined;
  private settled: string | undefined;

  constructor(
    /** Stores the proposal when none is stored yet; the stored value either way. */
    private readonly settle: (proposal: string) => Promise<string>,
    /** What this instance proposes when none is stored yet. */
    private readonly propose: () => string,
    configured?: string,
  ) {
    this.settled = configured;
  }

  get(): Promise<string> | string {
    if (this.settled) return this.settled;
    this.settling ??= this.settle(this.propose());
    this.settling.then(
      (value) => (this.settled = value),
      () => (this.settling = undefined),
    );
    return this.settling;
  }
}
