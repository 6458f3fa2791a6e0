// The reminders layer: pure expiry maths, statuses, schedules, calendar data and .ics text.
export * from './time-zone';
export * from './expiry';
export * from './status';
export * from './upcoming';
export * from './schedule';
export * from './month-grid';
export * from './locked-schedule';
export * from './ics-export';
export * from './staleness';
