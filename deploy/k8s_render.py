"""Render deploy/kubernetes/ overlays offline, as `kustomize build` does, for the tests and CI.

The subset the manifests use: `resources` (files, or folders with a kustomization.yaml),
`namespace`, `images` (newName/newTag), `labels` (pairs added to each object's metadata),
and `patches` by path (strategic merge: maps merge, lists of named items merge by `name`,
other lists are replaced). Anything else in a kustomization is refused, so a manifest change
that needs more of kustomize fails here instead of rendering wrong. With kustomize or kubectl
at hand, `kubectl kustomize deploy/kubernetes/overlays/production` renders the same objects.

    python -m deploy.k8s_render deploy/kubernetes/overlays/production > production.yaml
"""

import copy
import sys
from pathlib import Path

import yaml

KNOWN = {"apiVersion", "kind", "resources", "namespace", "images", "labels", "patches"}
# Kinds without a namespace (namespace: in a kustomization leaves them alone).
CLUSTER_KINDS = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
                 "PersistentVolume", "StorageClass", "PriorityClass"}


class RenderError(ValueError):
    pass


def _documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def merge(base, patch):
    """Strategic merge, the part the manifests need."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    if (isinstance(base, list) and isinstance(patch, list) and patch
            and all(isinstance(item, dict) and "name" in item for item in base + patch)):
        merged = [dict(item) for item in base]
        names = [item["name"] for item in merged]
        for item in patch:
            if item["name"] in names:
                index = names.index(item["name"])
                merged[index] = merge(merged[index], item)
            else:
                merged.append(copy.deepcopy(item))
                names.append(item["name"])
        return merged
    return copy.deepcopy(patch)


def _key(obj: dict) -> tuple[str, str]:
    return obj["kind"], obj["metadata"]["name"]


def _containers(obj: dict):
    spec = obj.get("spec", {})
    pod = spec.get("template", {}).get("spec")
    if obj["kind"] == "CronJob":
        pod = spec["jobTemplate"]["spec"]["template"]["spec"]
    for field in ("initContainers", "containers"):
        yield from (pod or {}).get(field, [])


def _set_image(obj: dict, images: list[dict]) -> None:
    for container in _containers(obj):
        name, _colon, _tag = container["image"].partition(":")
        for image in images:
            if image["name"] == name:
                container["image"] = f"{image.get('newName', name)}:{image['newTag']}" \
                    if "newTag" in image else image.get("newName", name)


def render(folder: Path) -> list[dict]:
    folder = Path(folder)
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(kustomization) - KNOWN
    if unknown:
        raise RenderError(f"{folder}: kustomization fields not supported here: {sorted(unknown)}")
    objects: list[dict] = []
    for resource in kustomization.get("resources", []):
        path = folder / resource
        objects += render(path) if path.is_dir() else _documents(path)
    by_key = {_key(obj): index for index, obj in enumerate(objects)}
    if len(by_key) != len(objects):
        raise RenderError(f"{folder}: two objects share a kind and name")
    for patch_entry in kustomization.get("patches", []):
        for patch in _documents(folder / patch_entry["path"]):
            if _key(patch) not in by_key:
                raise RenderError(f"{folder}: the patch {_key(patch)} matches no object")
            index = by_key[_key(patch)]
            objects[index] = merge(objects[index], patch)
    for label in kustomization.get("labels", []):
        for obj in objects:
            obj["metadata"].setdefault("labels", {}).update(label["pairs"])
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in CLUSTER_KINDS:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    for obj in objects:
        _set_image(obj, kustomization.get("images", []))
    return objects


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    yaml.safe_dump_all(render(Path(argv[0])), sys.stdout, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
