// What the Calendar screen and the home screen mount.
export { ExpiryCalendar, type ExpiryCalendarProps } from './ExpiryCalendar';
export { ExpirySummary, type ExpirySummaryProps } from './ExpirySummary';
export { summaryHorizon } from './model';
export { WeeksGrid, type WeeksGridProps } from './WeeksGrid';
export { UrgencyLegend } from './Legend';
export type { CalendarToken, TokenStatus, Urgency } from './model';
