"""The wheel's packages: the checkout's top-level folders, mapped into one `planlink` namespace
(`api/` is `planlink.api`, `scripts/` `planlink.scripts`, ...), so the installed import names
collide with no other distribution's while the checkout keeps its layout. Computed, not listed,
so that a new subpackage or data folder is never left out. Everything else is in pyproject.toml.

The code finds its data relative to itself (`Path(__file__).parents[1] / "ontology"`), which
holds in the checkout and in site-packages/planlink/ alike: the data folders are mapped too.
"""

from setuptools import find_namespace_packages, setup

# the folders that ship; graph_data/build (a built store) and tests do not
FOLDERS = ("api", "scripts", "ontology", "graph_data/sources", "graph_data/links")

setup(
    package_dir={f"planlink.{folder.split('/')[0]}": folder.split("/")[0] for folder in FOLDERS},
    packages=[f"planlink.{package}"
              for package in find_namespace_packages(include=[name for folder in FOLDERS
                                                              for name in (folder.replace("/", "."),
                                                                           folder.replace("/", ".") + ".*")])],
)
