#!/usr/bin/python3
"""kunit-results.py VARIANT JSON CONSOLE: turn the JSON that the tree's
'kunit.py parse --json' wrote into one TAP-style line per KUnit case, and
add a failure for every suite or case that the kernel's own TAP plan
("1..N") announced but that never reported: a case that disappears, or a
crash that ends the run, must not pass by omission."""
import json
import re
import sys

variant, json_path, console = sys.argv[1:4]
stamp = re.compile(r'^\[ *[0-9]+\.[0-9]+\] ')

# The plans on the console: "1..N" after "TAP version 14" (suites), and
# "    1..M" after each "    # Subtest: NAME" (cases).
suites_planned = None
cases_planned = {}
suite = None
started = False
with open(console, errors='replace') as f:
    for line in f:
        line = stamp.sub('', line.rstrip('\r\n'))
        if line == 'TAP version 14':
            started = True
            continue
        if not started:
            continue
        m = re.match(r'^1\.\.([0-9]+)$', line)
        if m and suites_planned is None:
            suites_planned = int(m.group(1))
            continue
        m = re.match(r'^    # Subtest: (\S+)$', line)
        if m:
            suite = m.group(1)
            continue
        m = re.match(r'^    1\.\.([0-9]+)$', line)
        if m and suite is not None and suite not in cases_planned:
            cases_planned[suite] = int(m.group(1))

try:
    with open(json_path) as f:
        groups = json.load(f).get('sub_groups', [])
except (OSError, ValueError):
    groups = []

out = []
reported = {}
for g in groups:
    cases = g.get('test_cases', [])
    reported[g['name']] = len(cases)
    for c in cases:
        ok = 'ok' if c['status'] == 'PASS' else 'not ok'
        note = '' if c['status'] in ('PASS', 'FAIL') else ' (%s)' % c['status']
        out.append('%s - %s: kunit %s.%s%s' % (ok, variant, g['name'], c['name'], note))

if suites_planned is None:
    out.append('not ok - %s: kunit: the console has no KUnit TAP plan' % variant)
elif len(groups) < suites_planned:
    out.append('not ok - %s: kunit: %d suites announced, %d reported' %
               (variant, suites_planned, len(groups)))
for name, planned in cases_planned.items():
    got = reported.get(name, 0)
    if got < planned:
        out.append('not ok - %s: kunit %s: %d cases announced, %d reported' %
                   (variant, name, planned, got))
print('\n'.join(out))
