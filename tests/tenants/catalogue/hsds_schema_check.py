"""Check a running Komplan's /hsds/ answers against the official HSDS 3.0 JSON schemas.

Run by hand (not part of the test suite; the schemas are reference material kept outside the
repository, CC BY-SA 4.0):

    .venv/bin/python tests/tenants/catalogue/hsds_schema_check.py \
        http://benesov.localhost:8760 /work/shared/hsds

Validates every service of /hsds/services/{id} against compiled_service.json, the first pages
of /hsds/services against compiled_service_list.json (per item) and /hsds/organizations/{id}
against compiled_organization.json; prints the number checked and every error found.
"""

import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import jsonschema


def get(base, path):
    """*.localhost does not resolve in Python: connect to 127.0.0.1, send the Host header."""
    parts = urllib.parse.urlsplit(base)
    host = parts.hostname
    if host.endswith(".localhost"):
        url = f"{parts.scheme}://127.0.0.1:{parts.port or 80}{path}"
        request = urllib.request.Request(url, headers={"Host": parts.netloc})
    else:
        request = urllib.request.Request(base + path)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main(base: str, folder: str) -> int:
    schemas = {name: json.loads((Path(folder) / f"compiled_{name}.json").read_text())
               for name in ("service", "service_list", "organization")}
    validators = {k: jsonschema.Draft202012Validator(v) for k, v in schemas.items()}
    errors, checked = [], 0
    page, ids, orgs = 1, [], set()
    while True:
        data = get(base, f"/hsds/services?page={page}&per_page=50")
        for item in data["contents"]:
            errors += [f"list {item['id']}: {e.json_path}: {e.message}" for e in
                       validators["service_list"].iter_errors(item)]
            ids.append(item["id"])
            orgs.add(item["organization_id"])
            checked += 1
        if data["last_page"]:
            break
        page += 1
    for service_id in ids:
        errors += [f"service {service_id}: {e.json_path}: {e.message}" for e in
                   validators["service"].iter_errors(get(base, f"/hsds/services/{service_id}"))]
        checked += 1
    for org_id in sorted(orgs):
        errors += [f"organization {org_id}: {e.json_path}: {e.message}" for e in
                   validators["organization"].iter_errors(get(base, f"/hsds/organizations/{org_id}"))]
        checked += 1
    for line in errors:
        print(line)
    print(f"{checked} objects checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
