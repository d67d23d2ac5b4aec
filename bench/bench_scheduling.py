"""Benchmark of the CMTE-06 scheduler: 10,000 accepted applications across the demo committees.

Run from the project root:  python bench/bench_scheduling.py [--applications N] [--seed N] [--repeat N]

The committees are the demo's (``titles.demo_committees.COMMITTEES``: the approved ones — the teachers'
intermediate/junior committee with 15 judges, the teachers' and the vocational teachers' deputy-senior committees
with 25 each, the engineering committee with 9; the health committee is only proposed and gets no applications), with
their series, levels and panel sizes. Applications are spread over them in proportion to their panel size. Each
office offers a dozen candidate days between 1 August and 30 September 2023; each judge can come on ~70% of them and
a few declared conflicts; capacity is about a seventh of the committee's applications per day, so that recusals and
capacity actually bind.

It times ``titles.scheduling.schedule_meetings`` against a naive greedy baseline measured in the same run — each
application in id order goes to the first date (chronologically) with room where it stays quorate after its
recusals; no grouping, no optimisation of who goes where — and prints one JSON line with both times, the ratio
and how many applications each placed (``name``, ``ratio``, ``goal``, ``met``: it places at least as many as the
baseline and ``check_schedule`` finds no error in its schedule).

The 2023 calendar comes straight from the ``chinesecalendar`` package (``workflow.calendar.calendar_for_years``);
Django is set up only to read the demo's committee table (no database is used).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from titles.committee_rules import (  # noqa: E402
    DEFAULT_SETTINGS,
    Committee,
    Conflict,
    Judge,
    committee_approval_findings,
    eligible_judges,
    recusals,
    required_count,
)
from titles.scheduling import Application, check_schedule, schedule_meetings  # noqa: E402
from workflow.calendar import calendar_for_years  # noqa: E402

YEAR = 2023
TODAY = date(YEAR, 8, 1)
REVIEW_END = date(YEAR, 9, 30)


def demo_committees():
    from titles.demo_committees import COMMITTEES

    return [spec for spec in COMMITTEES if spec.approved]


def workload(n_apps: int, seed: int, calendar):
    rng = random.Random(seed)
    window = [TODAY + timedelta(days=i) for i in range((REVIEW_END - TODAY).days)]
    workdays = [d for d in window if calendar.is_workday(d)]
    specs = demo_committees()
    seats = sum(spec.panel for spec in specs)
    share = {spec.key: n_apps * spec.panel // seats for spec in specs}
    share[specs[0].key] += n_apps - sum(share.values())
    committees = []
    for c, spec in enumerate(specs):
        units = [f"c{c:02d}-u{u:02d}" for u in range(30)]
        # A committee office offers a dozen candidate days; each judge can come on most of them.
        offered = sorted(rng.sample(workdays, k=min(12, len(workdays))))
        judges = tuple(
            Judge(
                id=f"{spec.key}-j{j:02d}",
                unit=rng.choice(units),
                available_on=frozenset(d for d in offered if rng.random() < 0.72),
                conflicts=frozenset(
                    Conflict(f"p{rng.randrange(n_apps):05d}", rng.choice(("relative", "supervisor")))
                    for _ in range(rng.randrange(4))
                ),
                served_years=frozenset({YEAR - 3, YEAR - 2, YEAR - 1}) if rng.random() < 0.04 else frozenset(),
            )
            for j in range(spec.panel)
        )
        committees.append(
            Committee(
                id=spec.key,
                name=spec.name,
                series=spec.series,
                levels=frozenset(spec.levels),
                scope="city_direct",
                judges=judges,
                approved_on=date(YEAR - 1, 3, 1),
                meeting_capacity=max(1, share[spec.key] // 7),
            )
        )
    apps = []
    i = 0
    for c, spec in enumerate(specs):
        for _ in range(share[spec.key]):
            apps.append(
                Application(
                    id=f"a{i:05d}",
                    person_id=f"p{i:05d}",
                    unit=f"c{c:02d}-u{rng.randrange(30):02d}",
                    committee_id=spec.key,
                    series=spec.series,
                    level=rng.choice(spec.levels),
                    scope="city_direct",
                )
            )
            i += 1
    rng.shuffle(apps)
    return committees, apps


def greedy_baseline(committees, apps, calendar, today, review_end, settings=DEFAULT_SETTINGS):
    """First fit by date: same date rules as the scheduler, no grouping and no optimisation of the assignment."""
    by_committee = defaultdict(list)
    for application in apps:
        by_committee[application.committee_id].append(application)
    placed = 0
    earliest = today + timedelta(days=settings.plan_filing_lead_days)
    for committee in committees:
        members = len(committee.judges)
        required = required_count(settings.quorum_share, members)
        eligible = eligible_judges(committee.judges, review_end.year, settings=settings).eligible
        seated = defaultdict(set)
        for judge in eligible:
            for day in judge.available_on:
                seated[day].add(judge.id)
        dates = []
        for day in sorted(seated):
            if day < earliest or day >= review_end or committee_approval_findings(committee, day):
                continue
            start = calendar.add_workdays(day, settings.result_publicity_offset_workdays)
            if calendar.publicity_end(start, settings.result_publicity_workdays) > review_end:
                continue
            if len(seated[day]) >= required:
                dates.append(day)
        load = defaultdict(int)
        mine = sorted(by_committee[committee.id], key=lambda a: a.id)
        recused = recusals(eligible, mine)
        for application in mine:
            out = {r.judge_id for r in recused[application.id]}
            for day in dates:
                if load[day] < committee.meeting_capacity and len(seated[day] - out) >= required:
                    load[day] += 1
                    placed += 1
                    break
    return placed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(  # BENCH_SCALE (make bench in CI: 0.05) shrinks the default workload
        "--applications", type=int, default=max(1_000, int(10_000 * float(os.environ.get("BENCH_SCALE") or 1)))
    )
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs for each timing")
    args = parser.parse_args(argv)

    calendar = calendar_for_years([YEAR])
    committees, apps = workload(args.applications, args.seed, calendar)

    def best(run):
        times, result = [], None
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - started)
        return min(times), result

    scheduler_s, schedule = best(lambda: schedule_meetings(committees, apps, calendar, TODAY, review_end=REVIEW_END))
    baseline_s, baseline_placed = best(lambda: greedy_baseline(committees, apps, calendar, TODAY, REVIEW_END))
    check_s, findings = best(
        lambda: check_schedule(schedule.meetings, committees, apps, calendar, TODAY, review_end=REVIEW_END)
    )
    ratio = scheduler_s / baseline_s if baseline_s else None
    errors = sum(1 for f in findings if f.is_error)
    print(
        json.dumps(
            {
                "benchmark": "bench_scheduling",
                "name": "scheduler_demo_committees",
                "applications": len(apps),
                "committees": [c.id for c in committees],
                "scheduler_seconds": round(scheduler_s, 4),
                "baseline_seconds": round(baseline_s, 4),
                "scheduler_placed": schedule.placed,
                "baseline_placed": baseline_placed,
                "meetings": len(schedule.meetings),
                "check_seconds": round(check_s, 4),
                "check_errors": errors,
                "ratio": round(ratio, 3) if ratio is not None else None,
                "goal": "places at least as many as greedy first fit, schedule passes check_schedule "
                "(time reported as ratio scheduler ÷ greedy)",
                "met": schedule.placed >= baseline_placed and errors == 0,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
