#!/usr/bin/env python3
"""QGIS lists each point layer of an Oko project as its own layer: QGIS's own Python API, in
offscreen mode, on a project the built `oko` writes from two point files, through both ways a
QGIS user opens it (the OGR provider's sublayers, as a drop of the file lists them, and the
SpatiaLite provider, Layer > Add Layer > SpatiaLite).

usage: test_qgis_views.py OKO FIXTURES

Skipped (exit 77) where QGIS's Python bindings (Debian's python3-qgis) are not installed.
"""
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77


def main():
    oko, fixtures = sys.argv[1], sys.argv[2]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from qgis.core import QgsApplication, QgsDataSourceUri, QgsProviderRegistry, QgsVectorLayer
    except ImportError:
        print("skipped: QGIS's Python bindings are not installed (apt-get install python3-qgis)")
        return SKIP
    with tempfile.TemporaryDirectory() as work:
        project = os.path.join(work, "p.oko")
        inputs = {"cameras": "novi_sad_cameras.csv", "Hostile": "hostile_names.csv"}
        for layer, name in inputs.items():
            source = os.path.join(work, name)
            with open(os.path.join(fixtures, "points", name), "rb") as f, open(source, "wb") as out:
                out.write(f.read())
            subprocess.run([oko, "import", source, "--store", project, "--layer", layer], check=True,
                           stdout=subprocess.DEVNULL)
        expected = {
            "points_cameras": (4, ["id", "vendor", "year", "status", "street", "source_file", "source_row"]),
            "points_hostile": (2, ["id", "vendor", "year", "status", 'x"); DROP TABLE points;--', "it's", "a.b[0]",
                                   "back\\slash", "id_2", "ID_3", "source_file_2", "Ünïcödé 名前", "source_file",
                                   "source_row"]),
        }
        # The layers' counts as Oko reports them.
        listed = subprocess.run([oko, "layers", "--store", project, "--json"], check=True, capture_output=True,
                                text=True).stdout
        counts = {entry["name"]: entry["features"] for entry in json.loads(listed)}
        for layer, view in (("cameras", "points_cameras"), ("Hostile", "points_hostile")):
            expected[view] = (counts[layer], expected[view][1])

        app = QgsApplication([], False)
        app.initQgis()
        failures = []
        try:
            ogr = QgsProviderRegistry.instance().providerMetadata("ogr")
            sublayers = {d.name() for d in ogr.querySublayers(project)}
            for name in expected:
                if name not in sublayers:
                    failures.append(f"the OGR provider does not list {name}: {sorted(sublayers)}")
            for name, (count, fields) in expected.items():
                uri = QgsDataSourceUri()
                uri.setDatabase(project)
                uri.setDataSource("", name, "geom")
                layer = QgsVectorLayer(uri.uri(), name, "spatialite")
                if not layer.isValid():
                    failures.append(f"the SpatiaLite provider cannot open {name}")
                    continue
                seen = [f.name() for f in layer.fields()]
                if seen != fields:
                    failures.append(f"{name}: fields {seen}, expected {fields}")
                if layer.featureCount() != count:
                    failures.append(f"{name}: {layer.featureCount()} features, expected {count}")
                print(f"{name}: {layer.featureCount()} features, fields {seen}")
        except Exception as e:  # noqa: BLE001 - any failure of QGIS is a failure of the test
            failures.append(f"QGIS failed: {e}")
        for f in failures:
            print("FAILED:", f)
        return 1 if failures else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # QGIS 3.22's teardown (exitQgis and the bindings' destructors) crashes in a standalone
    # script; the checks are done, so the process ends without it.
    os._exit(code)
