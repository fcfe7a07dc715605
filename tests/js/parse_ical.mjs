// Parse an iCalendar stream from stdin with Mozilla's ical.js, independently of the Python writer.
// Prints JSON: {problems: [...], calendar: {...}, timezones: [...], events: [...]}.
// Times are resolved only through the VTIMEZONEs in the stream itself (ical.js ships no zone database),
// so a wrong VTIMEZONE shows up as a wrong UTC instant.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const raw = readFileSync(0);
const problems = [];

// Byte-level rules that ical.js's own parser is lenient about.
let text;
try {
  text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
} catch (error) {
  problems.push(`not valid UTF-8 (a fold split a character?): ${error.message}`);
  text = new TextDecoder("utf-8").decode(raw);
}
if (!raw.subarray(raw.length - 2).equals(Buffer.from("\r\n"))) problems.push("stream does not end with CRLF");
let lineStart = 0;
let lineNumber = 0;
for (let index = 0; index < raw.length; index++) {
  if (raw[index] === 0x0a) {
    lineNumber++;
    if (index === 0 || raw[index - 1] !== 0x0d) problems.push(`line ${lineNumber}: bare LF`);
    const octets = index - 1 - lineStart;
    if (octets > 75) problems.push(`line ${lineNumber}: ${octets} octets (more than 75)`);
    const line = raw.subarray(lineStart, index - 1);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(line);
    } catch {
      problems.push(`line ${lineNumber}: physical line is not valid UTF-8 on its own (split character)`);
    }
    lineStart = index + 1;
  }
}

let root;
try {
  const parsed = ICAL.parse(text);
  if (!Array.isArray(parsed) || typeof parsed[0] !== "string") throw new Error("no component in the stream");
  root = new ICAL.Component(parsed);
} catch (error) {
  process.stdout.write(JSON.stringify({ problems: [...problems, `ical.js could not parse: ${error.message}`] }));
  process.exit(0);
}
if (root.name !== "vcalendar") problems.push(`root component is ${root.name}`);
for (const required of ["version", "prodid"]) {
  if (!root.hasProperty(required)) problems.push(`VCALENDAR lacks ${required.toUpperCase()}`);
}
if (root.getFirstPropertyValue("version") !== "2.0") problems.push("VERSION is not 2.0");
if (root.hasProperty("method")) problems.push("METHOD present in a subscribed feed");

const allowedInVtimezone = new Set(["tzid", "last-modified", "tzurl"]);
const allowedInObservance = new Set(["dtstart", "tzoffsetto", "tzoffsetfrom", "tzname", "rdate", "rrule", "comment"]);
const timezones = [];
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  for (const property of vtimezone.getAllProperties()) {
    if (!allowedInVtimezone.has(property.name) && !property.name.startsWith("x-")) {
      problems.push(`VTIMEZONE ${vtimezone.getFirstPropertyValue("tzid")}: ${property.name} not allowed`);
    }
  }
  for (const observance of vtimezone.getAllSubcomponents()) {
    for (const required of ["dtstart", "tzoffsetto", "tzoffsetfrom"]) {
      if (!observance.hasProperty(required)) problems.push(`${observance.name} lacks ${required}`);
    }
    for (const property of observance.getAllProperties()) {
      if (!allowedInObservance.has(property.name)) problems.push(`${observance.name}: ${property.name} not allowed`);
    }
  }
  ICAL.TimezoneService.register(vtimezone);
  timezones.push(vtimezone.getFirstPropertyValue("tzid"));
}

function moment(property) {
  if (!property) return null;
  const value = property.getFirstValue();
  const tzid = property.getParameter("tzid") || null;
  if (tzid && !timezones.includes(tzid)) problems.push(`TZID ${tzid} used without a VTIMEZONE`);
  if (!value.isDate && !tzid && value.zone !== ICAL.Timezone.utcTimezone) problems.push("floating time");
  return {
    isDate: value.isDate,
    tzid,
    local: value.toString(),
    utc: value.isDate ? null : new Date(value.toUnixTime() * 1000).toISOString(),
  };
}

const events = [];
for (const component of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  for (const required of ["uid", "dtstamp", "dtstart"]) {
    if (!component.hasProperty(required)) problems.push(`VEVENT lacks ${required.toUpperCase()}`);
  }
  const geo = component.getFirstPropertyValue("geo");
  events.push({
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: component.getFirstPropertyValue("status"),
    class: component.getFirstPropertyValue("class"),
    transp: component.getFirstPropertyValue("transp"),
    sequence: event.sequence,
    dtstamp: component.getFirstPropertyValue("dtstamp")?.toString() ?? null,
    lastModified: component.getFirstPropertyValue("last-modified")?.toString() ?? null,
    url: component.getFirstPropertyValue("url"),
    geo: geo ? geo.map(Number) : null,
    categories: component.getAllProperties("categories").flatMap((property) => property.getValues()),
    start: moment(component.getFirstProperty("dtstart")),
    end: moment(component.getFirstProperty("dtend")),
  });
}

const calendar = {};
for (const name of ["name", "x-wr-calname", "x-wr-timezone", "x-published-ttl", "url", "description"]) {
  const value = root.getFirstPropertyValue(name);
  calendar[name] = value === null ? null : String(value);
}
const refresh = root.getFirstProperty("refresh-interval");
calendar["refresh-interval"] = refresh ? String(refresh.getFirstValue()) : null;

process.stdout.write(JSON.stringify({ problems, calendar, timezones, events }));
