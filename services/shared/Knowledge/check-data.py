#!/usr/bin/env python3
"""Fast structural check of the Knowledge data for editing without a build: JSON parses, item fields are the known
ones, ids and names are unique, referenced categories and sources exist, English texts match the Korean one for one.
The authority is still `dotnet test tests/Knowledge.Tests`; this catches slips in a second. Usage: check-data.py [file…]"""
import json, os, re, sys, glob, unicodedata

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
ITEM_KEYS = {"id", "nameKo", "nameEn", "aliases", "categoryId", "steps", "cautions", "exceptions", "dropOff",
             "localRulesDiffer", "sourceIds", "stepsEn", "cautionsEn", "dropOffEn", "localNote", "localNoteEn"}
REQUIRED = {"id", "nameKo", "nameEn", "aliases", "categoryId", "steps", "cautions", "exceptions", "dropOff", "localRulesDiffer", "sourceIds"}
ENGLISH = {"stepsEn", "cautionsEn", "dropOffEn"}
EXC_KEYS = {"when", "categoryId", "condition", "whenEn"}
CONDITIONS = {"contaminated", "broken", "wet", "worn-out"}
problems = []
dataset = json.load(open(os.path.join(root, "dataset.json")))
sources = {s["id"] for s in dataset["sources"]}
categories = {c["id"] for c in json.load(open(os.path.join(root, "categories.json")))}
ids = {}
names = {}  # normalised name or alias -> item ids, as KoreanText.Normalize does (letters and digits, lower case)
ambiguous = set()
english = True  # every text has its English (the records require it); --english is still accepted
only = set(os.path.abspath(f) for f in sys.argv[1:] if f != "--english")
for path in sorted(glob.glob(os.path.join(root, "items", "*.json"))):
    try:
        items = json.load(open(path))
    except json.JSONDecodeError as e:
        problems.append(f"{path}: not JSON: {e}"); continue
    show = not only or os.path.abspath(path) in only
    for item in items:
        where = f"{os.path.basename(path)}:{item.get('id')}"
        def bad(msg):
            if show: problems.append(f"{where}: {msg}")
        if item.get("id") in ids: bad(f"duplicate id (also in {ids[item['id']]})")
        ids[item.get("id")] = os.path.basename(path)
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.get("id", "")): bad("id is not kebab-case ASCII")
        if set(item) - ITEM_KEYS: bad(f"unknown keys {set(item) - ITEM_KEYS}")
        if REQUIRED - set(item): bad(f"missing keys {REQUIRED - set(item)}")
        if item.get("categoryId") not in categories: bad(f"unknown category {item.get('categoryId')}")
        for s in item.get("sourceIds", []):
            if s not in sources: bad(f"unknown source {s}")
        if not item.get("sourceIds"): bad("no sourceIds")
        if not item.get("steps"): bad("no steps")
        if english or ENGLISH & set(item):
            if ENGLISH - set(item): bad(f"missing English keys {ENGLISH - set(item)}")
            if len(item.get("steps", [])) != len(item.get("stepsEn") or []): bad("stepsEn does not match steps one for one")
            if len(item.get("cautions", [])) != len(item.get("cautionsEn") or []): bad("cautionsEn does not match cautions")
            if (item.get("dropOff") is None) != (item.get("dropOffEn") is None): bad("dropOffEn set iff dropOff")
        if (item.get("localNote") is None) != (item.get("localNoteEn") is None): bad("localNoteEn set iff localNote")
        if item.get("localNote") and not item.get("localRulesDiffer"): bad("localNote without localRulesDiffer")
        for e in item.get("exceptions", []):
            if set(e) - EXC_KEYS: bad(f"exception has unknown keys {set(e) - EXC_KEYS}")
            if e.get("categoryId") not in categories: bad(f"exception to unknown category {e.get('categoryId')}")
            if english and not e.get("whenEn"): bad("exception without whenEn")
            if e.get("condition") not in (None, *CONDITIONS): bad(f"unknown condition {e.get('condition')}")
        for t in [item.get("nameEn", "")] + (item.get("stepsEn") or []) + (item.get("cautionsEn") or []):
            if re.search(r"[\uac00-\ud7a3]", t or ""): bad(f"English text has Hangul: {t!r}")
        for n in [item.get("nameKo", ""), item.get("nameEn", "")] + item.get("aliases", []):
            key = "".join(c.lower() for c in unicodedata.normalize("NFC", n or "") if c.isalnum())
            if key and item.get("id") not in names.setdefault(key, []): names[key].append(item.get("id"))
allowed = {"".join(c.lower() for c in n if c.isalnum()) for n in dataset.get("ambiguousNames", [])}
for key, owners in sorted(names.items()):
    if len(owners) > 1 and key not in allowed:
        problems.append(f"name or alias {key!r} belongs to {', '.join(owners)} (make it unique, or list it in dataset.json ambiguousNames)")
print(f"{len(ids)} items")
print("\n".join(problems) or "ok")
sys.exit(1 if problems else 0)
