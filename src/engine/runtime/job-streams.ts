/** The job streams open per job type (StreamActivatedJobs): a job that becomes activatable goes to the next one. */
import type { JobStream } from '../engine-api';

export class JobStreams {
  private readonly byType = new Map<string, JobStream[]>();

  /** Opens a stream; returns its close. */
  open(stream: JobStream): () => void {
    const list = this.byType.get(stream.type) ?? [];
    list.push(stream);
    this.byType.set(stream.type, list);
    return () => {
      const current = this.byType.get(stream.type) ?? [];
      this.byType.set(
        stream.type,
        current.filter((s) => s !== stream),
      );
    };
  }

  /** The stream a job of `type` goes to, if one is open (round-robin over the open ones). */
  next(type: string): JobStream | undefined {
    const streams = this.byType.get(type);
    if (!streams || streams.length === 0) return undefined;
    const stream = streams.shift() as JobStream;
    streams.push(stream);
    return stream;
  }
}
