import { useEffect, useState } from 'react';

/** The current time, refreshed once a minute: enough for expiry displays, cheap to re-render. */
export function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
