import { preview } from '../text';
import * as l10n from '@vscode/l10n';

/**
 * CronJob schedules as the API server parses them: github.com/robfig/cron/v3's ParseStandard
 * (batch's validateScheduleFormat). Five fields (minute, hour, day of month, month, day of week),
 * each a comma list of `*`, `?`, a number or name, a range `a-b`, with an optional step `/n`; or a
 * descriptor (`@hourly`, `@daily`, `@every 1h30m`...). Returns the message for a schedule the
 * parser rejects, or undefined. Written here: no npm cron parser follows robfig's grammar exactly
 * (they accept seconds fields, `L`, `W`, `#` or Sunday as 7, which the API server rejects).
 */

interface FieldBounds {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const FIELDS: FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month', min: 1, max: 12,
    names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  },
  { name: 'day-of-week', min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
/** Go's time.ParseDuration: `1h30m`, `90s`, `1.5h`, `0`. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const GO_INT = /^[+-]?\d+$/;
const WHITESPACE = /\s+/;

const wrongFieldCount = (schedule: string, count: number) =>
  count === 1
    ? l10n.t('`{0}` is not a valid cron schedule: it has 1 field, and a schedule has 5 (minute, hour, day of month, month, day of week), such as `*/5 * * * *`, or is a shortcut such as `@hourly` or `@daily`.', schedule)
    : l10n.t('`{0}` is not a valid cron schedule: it has {1} fields, and a schedule has 5 (minute, hour, day of month, month, day of week), such as `*/5 * * * *`, or is a shortcut such as `@hourly` or `@daily`.', schedule, count);
const unknownDescriptor = (schedule: string) =>
  l10n.t('`{0}` is not a valid cron schedule: the shortcuts are `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and `@every <duration>`.', schedule);
const badDuration = (schedule: string) =>
  l10n.t('`{0}` is not a valid cron schedule: `@every` takes a duration such as `90s`, `15m` or `1h30m`.', schedule);
const notANumber = (schedule: string, value: string, field: string) =>
  field === 'month' || field === 'day-of-week'
    ? l10n.t('`{0}` is not a valid cron schedule: `{1}` is not a number or a name the {2} field accepts.', schedule, value, field)
    : l10n.t('`{0}` is not a valid cron schedule: `{1}` is not a number the {2} field accepts.', schedule, value, field);
const outOfRange = (schedule: string, value: number, field: FieldBounds) =>
  field.name === 'day-of-week'
    ? l10n.t('`{0}` is not a valid cron schedule: {1} is out of range for the {2} field ({3}–{4}, Sunday is 0).', schedule, value, field.name, field.min, field.max)
    : l10n.t('`{0}` is not a valid cron schedule: {1} is out of range for the {2} field ({3}–{4}).', schedule, value, field.name, field.min, field.max);
const backwardRange = (schedule: string, range: string) =>
  l10n.t('`{0}` is not a valid cron schedule: the range `{1}` ends before it starts.', schedule, range);
const zeroStep = (schedule: string, range: string) =>
  l10n.t('`{0}` is not a valid cron schedule: the step in `{1}` must be a positive number.', schedule, range);
const malformed = (schedule: string, part: string) =>
  l10n.t('`{0}` is not a valid cron schedule: `{1}` has more than one `-` or `/`.', schedule, part);

/** Why a CronJob schedule does not parse, or undefined when it does. */
export function cronProblem(schedule: string): string | undefined {
  const shown = preview(schedule, 60);
  if (schedule.startsWith('@')) {
    if (DESCRIPTORS.has(schedule)) return undefined;
    if (schedule.startsWith('@every ')) return GO_DURATION.test(schedule.slice('@every '.length)) ? undefined : badDuration(shown);
    return unknownDescriptor(shown);
  }
  const spec = schedule.trim();
  const fields = spec === '' ? [] : spec.split(WHITESPACE);
  if (fields.length !== 5) return wrongFieldCount(shown, fields.length);
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i].split(',')) {
      if (part === '') continue; // robfig splits with FieldsFunc: empty items are skipped
      const problem = rangeProblem(shown, part, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

function rangeProblem(schedule: string, part: string, field: FieldBounds): string | undefined {
  const rangeAndStep = part.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  if (rangeAndStep.length > 2 || lowAndHigh.length > 2) return malformed(schedule, part);
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // (robfig reads `*-5` as `*`: what follows the star is ignored.)
    start = field.min;
    end = field.max;
  } else {
    const low = valueOf(lowAndHigh[0], field);
    if (low === undefined) return notANumber(schedule, lowAndHigh[0], field.name);
    start = low;
    end = low;
    if (lowAndHigh.length === 2) {
      const high = valueOf(lowAndHigh[1], field);
      if (high === undefined) return notANumber(schedule, lowAndHigh[1], field.name);
      end = high;
    }
  }
  if (rangeAndStep.length === 2) {
    const step = GO_INT.test(rangeAndStep[1]) ? Number(rangeAndStep[1]) : undefined;
    if (step === undefined || step < 0) return notANumber(schedule, rangeAndStep[1], field.name);
    if (step === 0) return zeroStep(schedule, part);
    if (lowAndHigh.length === 1 && lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') end = field.max; // `N/step` means `N-max/step`
  }
  if (start < field.min) return outOfRange(schedule, start, field);
  if (end > field.max) return outOfRange(schedule, end, field);
  if (start > end) return backwardRange(schedule, part);
  return undefined;
}

/** A number (strconv.Atoi, not negative) or, for months and weekdays, a three-letter name. */
function valueOf(text: string, field: FieldBounds): number | undefined {
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!GO_INT.test(text)) return undefined;
  const number = Number(text);
  return number < 0 ? undefined : number;
}
