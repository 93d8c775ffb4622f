// lib.mjs: what the browser and OpenAPI tests share — TAP-like lines in the
// form tests/run.sh counts ("ok - NAME", "not ok - NAME: why"), and a time
// limit after which the test reports and stops by itself.

let failed = 0;

export function ok(name) {
  console.log(`ok - ${name}`);
}

export function fail(name, why) {
  failed++;
  console.log(`not ok - ${name}: ${String(why).replace(/\s+/g, " ").slice(0, 600)}`);
}

// check(name, cond, why): ok when cond is true, else not ok with why.
export function check(name, cond, why) {
  if (cond) ok(name);
  else fail(name, why);
  return cond;
}

export function failures() {
  return failed;
}

// Stops the process after `seconds`, saying so, whatever it is waiting for;
// `cleanup` (may be async) runs first, for at most 10 more seconds.
export function deadline(seconds, what, cleanup) {
  const t = setTimeout(async () => {
    fail(`${what} finishes within ${seconds} s`, "timed out");
    setTimeout(() => process.exit(1), 10000).unref();
    try {
      if (cleanup) await cleanup();
    } finally {
      process.exit(1);
    }
  }, seconds * 1000);
  t.unref();
  return t;
}

// The arguments as NAME=VALUE pairs.
export function args() {
  const a = {};
  for (const s of process.argv.slice(2)) {
    const i = s.indexOf("=");
    if (i > 0) a[s.slice(0, i)] = s.slice(i + 1);
  }
  return a;
}
