/** The part of autocannon's API the REST benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    /** connection errors (timeouts included) */
    errors: number;
    timeouts: number;
    /** answers by HTTP status code */
    statusCodeStats: Record<string, { count: number }>;
    /** seconds actually measured */
    duration: number;
    requests: { total: number; average: number };
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
