import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  isOpen,
  validateCalendar,
  type WeeklyRange,
} from '../../../../workflows/domain/business-calendar';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** An instant from an ISO string with an explicit offset, so every expectation states its wall time. */
const at = (iso: string) => {
  const ms = Date.parse(iso);
  assert.ok(!Number.isNaN(ms), iso);
  return ms;
};

const everyDay = (open: string, close: string, days = [0, 1, 2, 3, 4, 5, 6]): WeeklyRange[] =>
  days.map((d) => ({ day: d as WeeklyRange['day'], open, close }));
const weekdays = (open: string, close: string) => everyDay(open, close, [1, 2, 3, 4, 5]);

const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  ranges: weekdays('09:00', '17:00'),
  holidays: [],
};
const withHolidays = (calendar: BusinessCalendar, ...holidays: string[]): BusinessCalendar => ({
  ...calendar,
  holidays,
});

describe('business calendar: office hours', () => {
  // 2026-11-16 is a Monday, 2026-11-20 a Friday; Berlin is on +01:00.
  test('a deadline landing on closing time is reported at closing time, not the next opening', () => {
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-20T09:00+01:00'), 8 * hour),
      at('2026-11-20T17:00+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-20T16:00+01:00'), hour),
      at('2026-11-20T17:00+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-20T16:00+01:00'), hour + 1),
      at('2026-11-23T09:00:00.001+01:00'),
    );
  });

  test('time carries over nights and weekends', () => {
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-19T16:00+01:00'), 2 * hour),
      at('2026-11-20T10:00+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-20T15:00+01:00'), 10 * hour),
      at('2026-11-23T17:00+01:00'),
    );
    assert.equal(
      businessTimeBetween(berlinOffice, at('2026-11-20T16:00+01:00'), at('2026-11-23T10:00+01:00')),
      2 * hour,
    );
    assert.equal(
      businessTimeBetween(berlinOffice, at('2026-11-16T00:00+01:00'), at('2026-11-23T00:00+01:00')),
      40 * hour,
    );
    assert.equal(isOpen(berlinOffice, at('2026-11-21T12:00+01:00')), false);
  });

  test('a start outside hours begins counting at the next opening', () => {
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-21T10:00+01:00'), hour),
      at('2026-11-23T10:00+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-16T07:00+01:00'), 30 * minute),
      at('2026-11-16T09:30+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-16T18:00+01:00'), hour),
      at('2026-11-17T10:00+01:00'),
    );
  });

  test('adding nothing gives the start when open, otherwise the next opening', () => {
    const inside = at('2026-11-18T11:22:33.444+01:00');
    assert.equal(addBusinessTime(berlinOffice, inside, 0), inside);
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-16T09:00+01:00'), 0),
      at('2026-11-16T09:00+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-21T12:00+01:00'), 0),
      at('2026-11-23T09:00+01:00'),
    );
    // Closing time itself is outside hours.
    assert.equal(isOpen(berlinOffice, at('2026-11-20T17:00+01:00')), false);
    assert.equal(isOpen(berlinOffice, at('2026-11-20T16:59:59.999+01:00')), true);
    assert.equal(isOpen(berlinOffice, at('2026-11-20T09:00+01:00')), true);
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-20T17:00+01:00'), 0),
      at('2026-11-23T09:00+01:00'),
    );
  });

  test('holidays close the whole day', () => {
    // Thursday and Friday off: Wednesday afternoon runs on into Monday.
    const christmas = withHolidays(berlinOffice, '2026-12-24', '2026-12-25');
    assert.equal(
      addBusinessTime(christmas, at('2026-12-23T16:00+01:00'), 2 * hour),
      at('2026-12-28T10:00+01:00'),
    );
    assert.equal(isOpen(christmas, at('2026-12-24T12:00+01:00')), false);
    assert.equal(
      businessTimeBetween(christmas, at('2026-12-21T00:00+01:00'), at('2026-12-28T00:00+01:00')),
      24 * hour,
    );
  });

  test('yearly holidays (MM-DD) close that date every year', () => {
    const yearly = withHolidays(berlinOffice, '12-24', '12-25');
    for (const year of [2026, 2027]) {
      assert.equal(isOpen(yearly, at(`${year}-12-24T12:00+01:00`)), false);
      assert.equal(isOpen(yearly, at(`${year}-12-25T12:00+01:00`)), false);
      assert.equal(isOpen(yearly, at(`${year}-12-23T12:00+01:00`)), true);
    }
    assert.deepEqual(validateCalendar(withHolidays(berlinOffice, '02-29')), []);
    assert.deepEqual(validateCalendar(withHolidays(berlinOffice, '02-30')), [
      'Holiday "02-30" is neither a YYYY-MM-DD date nor a yearly MM-DD date.',
    ]);
  });

  test('a yearly Christmas moves deadlines in 2026 and 2027 alike', () => {
    const christmas = withHolidays(berlinOffice, '12-25');
    // 2026-12-25 is a Friday: Thursday afternoon runs on into Monday the 28th.
    assert.equal(
      addBusinessTime(christmas, at('2026-12-24T16:00+01:00'), 2 * hour),
      at('2026-12-28T10:00+01:00'),
    );
    assert.equal(
      businessTimeBetween(christmas, at('2026-12-21T00:00+01:00'), at('2026-12-28T00:00+01:00')),
      32 * hour,
    );
    // 2027-12-25 is a Saturday, closed anyway; 2027-12-24 (Friday) is open.
    assert.equal(
      businessTimeBetween(christmas, at('2027-12-20T00:00+01:00'), at('2027-12-27T00:00+01:00')),
      40 * hour,
    );
    // 2030-12-25 is a Wednesday.
    assert.equal(
      addBusinessTime(christmas, at('2030-12-24T16:00+01:00'), 2 * hour),
      at('2030-12-26T10:00+01:00'),
    );
    // The same set of dates, yearly or dated, gives the same answers.
    assert.equal(
      addBusinessTime(christmas, at('2026-12-24T16:00+01:00'), 2 * hour),
      addBusinessTime(withHolidays(berlinOffice, '2026-12-25'), at('2026-12-24T16:00+01:00'), 2 * hour),
    );
  });

  test('a yearly 02-29 closes leap days only; other years run as usual', () => {
    const leapDay = withHolidays(berlinOffice, '02-29');
    // 2028-02-29 is a Tuesday.
    assert.equal(isOpen(leapDay, at('2028-02-29T12:00+01:00')), false);
    assert.equal(
      addBusinessTime(leapDay, at('2028-02-28T16:00+01:00'), 2 * hour),
      at('2028-03-01T10:00+01:00'),
    );
    // 2027 has no 29 February: Friday the 26th to Monday 1 March and Tuesday 2 March stay open.
    assert.equal(
      businessTimeBetween(leapDay, at('2027-02-22T00:00+01:00'), at('2027-03-06T00:00+01:00')),
      80 * hour,
    );
    assert.equal(isOpen(leapDay, at('2027-03-01T12:00+01:00')), true);
  });

  test('a yearly holiday closes the overnight range that starts on it, not the one running into it', () => {
    const nights: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      ranges: everyDay('22:00', '06:00'),
      holidays: ['12-25'],
    };
    for (const year of [2026, 2027]) {
      assert.equal(
        isOpen(nights, at(`${year}-12-25T03:00+01:00`)),
        true,
        `${year}: the 24th's night runs on`,
      );
      assert.equal(
        isOpen(nights, at(`${year}-12-25T23:00+01:00`)),
        false,
        `${year}: the 25th's night is off`,
      );
      assert.equal(isOpen(nights, at(`${year}-12-26T03:00+01:00`)), false);
      assert.equal(isOpen(nights, at(`${year}-12-26T23:00+01:00`)), true);
    }
  });

  test('malformed yearly dates are rejected', () => {
    assert.deepEqual(
      validateCalendar(withHolidays(berlinOffice, '02-30', '13-01', '00-10', '04-31', '2-28', '12-25')),
      ['02-30', '13-01', '00-10', '04-31', '2-28'].map(
        (holiday) => `Holiday "${holiday}" is neither a YYYY-MM-DD date nor a yearly MM-DD date.`,
      ),
    );
    assert.throws(
      () => addBusinessTime(withHolidays(berlinOffice, '02-30'), at('2026-11-16T09:00+01:00'), hour),
      /Invalid business calendar/,
    );
  });

  test('seconds and milliseconds carry through', () => {
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-16T09:00+01:00'), 1_234_567),
      at('2026-11-16T09:20:34.567+01:00'),
    );
    assert.equal(
      addBusinessTime(berlinOffice, at('2026-11-20T16:59:59.999+01:00'), 2),
      at('2026-11-23T09:00:00.001+01:00'),
    );
    assert.equal(
      businessTimeBetween(
        berlinOffice,
        at('2026-11-20T16:59:58.5+01:00'),
        at('2026-11-23T09:00:00.25+01:00'),
      ),
      1750,
    );
  });

  test('between is 0 when the end is not after the start', () => {
    const start = at('2026-11-18T12:00+01:00');
    assert.equal(businessTimeBetween(berlinOffice, start, start), 0);
    assert.equal(businessTimeBetween(berlinOffice, start, start - hour), 0);
    assert.equal(businessTimeBetween(null, start, start - hour), 0);
  });

  test('touching and overlapping ranges merge', () => {
    const split: BusinessCalendar = {
      ...berlinOffice,
      ranges: [...weekdays('09:00', '12:00'), ...weekdays('12:00', '17:00')],
    };
    const overlapping: BusinessCalendar = {
      ...berlinOffice,
      ranges: [...weekdays('12:00', '17:00'), ...weekdays('09:00', '13:00')],
    };
    for (const calendar of [split, overlapping]) {
      for (const [start, amount] of [
        ['2026-11-20T09:00+01:00', 8 * hour],
        ['2026-11-20T11:00+01:00', hour],
        ['2026-11-20T11:00+01:00', 3 * hour],
        ['2026-11-20T12:00+01:00', 0],
        ['2026-11-20T16:00+01:00', hour + 1],
      ] as const) {
        assert.equal(
          addBusinessTime(calendar, at(start), amount),
          addBusinessTime(berlinOffice, at(start), amount),
        );
      }
      assert.equal(isOpen(calendar, at('2026-11-20T12:00+01:00')), true);
      assert.equal(
        businessTimeBetween(calendar, at('2026-11-16T00:00+01:00'), at('2026-11-23T00:00+01:00')),
        40 * hour,
      );
    }
  });

  test('no calendar means 24/7', () => {
    const start = at('2026-11-21T03:00+01:00');
    assert.equal(addBusinessTime(null, start, 90 * minute + 5), start + 90 * minute + 5);
    assert.equal(addBusinessTime(null, start, 0), start);
    assert.equal(businessTimeBetween(null, start, start + 3 * day), 3 * day);
    assert.equal(isOpen(null, start), true);
  });

  test('a calendar that never opens cannot give a deadline', () => {
    const never: BusinessCalendar = { timeZone: 'Europe/Berlin', ranges: [], holidays: [] };
    const start = at('2026-11-16T10:00+01:00');
    assert.throws(() => addBusinessTime(never, start, hour), /no opening hours/);
    assert.equal(businessTimeBetween(never, start, start + 30 * day), 0);
    assert.equal(isOpen(never, start), false);

    // Mondays only, and every Monday for two years a holiday.
    const mondays = Array.from({ length: 110 }, (_, week) =>
      new Date(at('2026-11-16T12:00Z') + week * 7 * day).toISOString().slice(0, 10),
    );
    const allHolidays = withHolidays(
      { ...berlinOffice, ranges: everyDay('09:00', '17:00', [1]) },
      ...mondays,
    );
    assert.throws(() => addBusinessTime(allHolidays, start, hour), /within 400 days/);
  });

  test('invalid input is rejected', () => {
    assert.throws(() => addBusinessTime(berlinOffice, 0, -1), RangeError);
    assert.throws(
      () => addBusinessTime({ ...berlinOffice, timeZone: 'Mars/Olympus' }, 0, 1),
      /Invalid business calendar/,
    );
  });
});

describe('business calendar: overnight ranges and holidays', () => {
  const nights: BusinessCalendar = {
    timeZone: 'Europe/Berlin',
    ranges: everyDay('22:00', '06:00'),
    holidays: [],
  };

  test('a range whose close is before its open runs into the next day', () => {
    assert.equal(isOpen(nights, at('2026-11-18T03:00+01:00')), true);
    assert.equal(isOpen(nights, at('2026-11-18T06:00+01:00')), false);
    assert.equal(
      addBusinessTime(nights, at('2026-11-17T23:00+01:00'), 8 * hour),
      at('2026-11-18T23:00+01:00'),
    );
  });

  test('a holiday on the start date closes the range, including its part after midnight', () => {
    // Wednesday 18th is a holiday: Tuesday night still runs into it, Wednesday night does not open.
    const calendar = withHolidays(nights, '2026-11-18');
    assert.equal(
      addBusinessTime(calendar, at('2026-11-17T23:00+01:00'), 6 * hour),
      at('2026-11-18T05:00+01:00'),
    );
    assert.equal(isOpen(calendar, at('2026-11-18T03:00+01:00')), true);
    assert.equal(isOpen(calendar, at('2026-11-18T23:00+01:00')), false);
    assert.equal(isOpen(calendar, at('2026-11-19T03:00+01:00')), false);
    assert.equal(addBusinessTime(calendar, at('2026-11-18T21:00+01:00'), hour), at('2026-11-19T23:00+01:00'));
  });

  test('a holiday the day after leaves the range that began the evening before running', () => {
    const calendar = withHolidays(nights, '2026-11-19');
    assert.equal(isOpen(calendar, at('2026-11-19T05:59:59.999+01:00')), true);
    assert.equal(isOpen(calendar, at('2026-11-19T22:30+01:00')), false);
    assert.equal(
      addBusinessTime(calendar, at('2026-11-18T23:00+01:00'), 8 * hour),
      at('2026-11-20T23:00+01:00'),
    );
    assert.equal(
      businessTimeBetween(calendar, at('2026-11-18T12:00+01:00'), at('2026-11-20T12:00+01:00')),
      8 * hour,
    );
  });

  test('a range closing at 24:00 ends at the next midnight', () => {
    const late: BusinessCalendar = { ...berlinOffice, ranges: weekdays('20:00', '24:00') };
    assert.equal(isOpen(late, at('2026-11-16T23:59:59.999+01:00')), true);
    assert.equal(isOpen(late, at('2026-11-17T00:00+01:00')), false);
    assert.equal(addBusinessTime(late, at('2026-11-16T20:00+01:00'), 4 * hour), at('2026-11-17T00:00+01:00'));
  });
});

describe('business calendar: daylight saving time', () => {
  // Each zone's switch days in 2026 are Sundays; the calendar is open all of every Sunday only.
  const sundays = (timeZone: string): BusinessCalendar => ({
    timeZone,
    ranges: [{ day: 0, open: '00:00', close: '24:00' }],
    holidays: [],
  });

  for (const [timeZone, spring, fall] of [
    [
      'Europe/Berlin',
      ['2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00'],
      ['2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00'],
    ],
    [
      'America/New_York',
      ['2026-03-08T00:00-05:00', '2026-03-09T00:00-04:00'],
      ['2026-11-01T00:00-04:00', '2026-11-02T00:00-05:00'],
    ],
  ] as const) {
    test(`${timeZone}: the spring-forward day has 23 hours and the fall-back day 25`, () => {
      const calendar = sundays(timeZone);
      const [springStart, springEnd] = [at(spring[0]), at(spring[1])];
      const [fallStart, fallEnd] = [at(fall[0]), at(fall[1])];
      assert.equal(springEnd - springStart, 23 * hour);
      assert.equal(businessTimeBetween(calendar, springStart - day, springEnd + day), 23 * hour);
      assert.equal(businessTimeBetween(calendar, fallStart - day, fallEnd + day), 25 * hour);
      assert.equal(addBusinessTime(calendar, springStart - hour, 0), springStart);
      assert.equal(addBusinessTime(calendar, springStart, 23 * hour), springEnd);
      assert.equal(addBusinessTime(calendar, springStart, 23 * hour + 1), springEnd + 6 * day + 1);
      assert.equal(addBusinessTime(calendar, fallStart, 25 * hour), fallEnd);
      assert.equal(isOpen(calendar, fallEnd - 1), true);
      assert.equal(isOpen(calendar, fallEnd), false);
    });
  }

  test('a boundary in the skipped hour is read as the instant the clock jumps forward', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z).
    const jump = at('2026-03-08T03:00-04:00');
    const opensInGap: BusinessCalendar = {
      timeZone: 'America/New_York',
      ranges: [{ day: 0, open: '02:30', close: '05:00' }],
      holidays: [],
    };
    assert.equal(addBusinessTime(opensInGap, at('2026-03-07T12:00-05:00'), 0), jump);
    assert.equal(isOpen(opensInGap, jump - 1), false);
    assert.equal(isOpen(opensInGap, jump), true);
    assert.equal(businessTimeBetween(opensInGap, jump - day, jump + day), 2 * hour);

    const closesInGap: BusinessCalendar = {
      ...opensInGap,
      ranges: [{ day: 0, open: '01:00', close: '02:30' }],
    };
    assert.equal(businessTimeBetween(closesInGap, jump - day, jump + day), hour);
    assert.equal(addBusinessTime(closesInGap, at('2026-03-08T01:00-05:00'), hour), jump);

    const insideGap: BusinessCalendar = {
      ...opensInGap,
      ranges: [{ day: 0, open: '02:10', close: '02:50' }],
    };
    assert.equal(businessTimeBetween(insideGap, jump - day, jump + day), 0);
  });

  test('a repeated wall time is read as its first occurrence', () => {
    // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
    const calendar: BusinessCalendar = {
      timeZone: 'America/New_York',
      ranges: [{ day: 0, open: '01:30', close: '02:00' }],
      holidays: [],
    };
    assert.equal(addBusinessTime(calendar, at('2026-10-31T12:00-04:00'), 0), at('2026-11-01T01:30-04:00'));
    assert.equal(
      businessTimeBetween(calendar, at('2026-10-31T12:00-04:00'), at('2026-11-02T12:00-05:00')),
      90 * minute,
    );
  });
});

describe('business calendar: leap day', () => {
  // 2028-02-29 is a Tuesday.
  test('February 29th is an ordinary business day and can be a holiday', () => {
    assert.equal(
      addBusinessTime(berlinOffice, at('2028-02-28T16:00+01:00'), 2 * hour),
      at('2028-02-29T10:00+01:00'),
    );
    assert.equal(
      addBusinessTime(withHolidays(berlinOffice, '2028-02-29'), at('2028-02-28T16:00+01:00'), 2 * hour),
      at('2028-03-01T10:00+01:00'),
    );
    assert.deepEqual(validateCalendar(withHolidays(berlinOffice, '2028-02-29')), []);
  });
});

describe('business calendar: validation', () => {
  test('a good calendar has no problems', () => {
    assert.deepEqual(validateCalendar(berlinOffice), []);
    assert.deepEqual(
      validateCalendar({ timeZone: 'UTC', ranges: everyDay('00:00', '24:00'), holidays: ['2026-12-25'] }),
      [],
    );
  });

  test('bad zones, times, days and dates are each named', () => {
    const problems = validateCalendar({
      timeZone: 'Europe/Atlantis',
      ranges: [
        { day: 1, open: '9:00', close: '17:00' },
        { day: 2, open: '24:00', close: '25:00' },
        { day: 7 as WeeklyRange['day'], open: '08:00', close: '12:60' },
      ],
      holidays: ['2027-02-29', '2026-13-01', '25.12.2026', '2026-12-25'],
    });
    assert.deepEqual(problems, [
      'Unknown time zone "Europe/Atlantis".',
      'Range 1: opening time "9:00" is not a time between 00:00 and 23:59.',
      'Range 2: opening time "24:00" is not a time between 00:00 and 23:59.',
      'Range 2: closing time "25:00" is not a time between 00:00 and 24:00.',
      'Range 3: day must be 0 (Sunday) to 6 (Saturday), got 7.',
      'Range 3: closing time "12:60" is not a time between 00:00 and 24:00.',
      'Holiday "2027-02-29" is neither a YYYY-MM-DD date nor a yearly MM-DD date.',
      'Holiday "2026-13-01" is neither a YYYY-MM-DD date nor a yearly MM-DD date.',
      'Holiday "25.12.2026" is neither a YYYY-MM-DD date nor a yearly MM-DD date.',
    ]);
  });
});

describe('business calendar: properties', () => {
  /** A small deterministic generator (Numerical Recipes LCG) so failures reproduce. */
  function lcg(seed: number) {
    let state = seed >>> 0;
    return (below: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.floor((state / 2 ** 32) * below);
    };
  }

  const calendars: [string, BusinessCalendar][] = [
    ['Berlin office with holidays', withHolidays(berlinOffice, '2026-03-30', '2026-10-26', '2026-12-25')],
    [
      'New York nights and split days',
      {
        timeZone: 'America/New_York',
        ranges: [
          ...everyDay('22:00', '06:00', [0, 5, 6]),
          ...weekdays('08:00', '12:00'),
          ...weekdays('11:30', '18:00'),
        ],
        holidays: ['2026-03-08', '2026-11-26'],
      },
    ],
    [
      'New York Sundays around the clock',
      { timeZone: 'America/New_York', ranges: everyDay('00:00', '24:00', [0]), holidays: [] },
    ],
    ['Kolkata early shift', { timeZone: 'Asia/Kolkata', ranges: weekdays('02:30', '02:30'), holidays: [] }],
  ];

  for (const [name, calendar] of calendars) {
    test(`${name}: between(s, add(s, n)) = n, add is monotonic in n, and the deadline is reachable`, () => {
      const random = lcg(name.length * 7919);
      const yearStart = at('2026-01-01T00:00Z');
      for (let i = 0; i < 150; i++) {
        const start = yearStart + random(365 * day);
        const amounts = [0, random(hour), random(3 * day), random(10 * day), random(2) * 8 * hour].sort(
          (a, b) => a - b,
        );
        let previous = -Infinity;
        for (const amount of amounts) {
          const due = addBusinessTime(calendar, start, amount);
          assert.ok(due >= start, `${name}: due before start at ${new Date(start).toISOString()}`);
          assert.equal(
            businessTimeBetween(calendar, start, due),
            amount,
            `${new Date(start).toISOString()} + ${amount}`,
          );
          assert.ok(due >= previous, `${name}: not monotonic at ${new Date(start).toISOString()}`);
          // The earliest such instant: one ms less is not enough.
          if (amount > 0) assert.equal(businessTimeBetween(calendar, start, due - 1), amount - 1);
          else assert.equal(isOpen(calendar, due), true);
          previous = due;
        }
      }
    });
  }
});
