#!/bin/sh
# Start a Virtuoso for planlink on loopback: deploy/virtuoso/start.sh DIR [SQL_PORT] [HTTP_PORT]
# Creates DIR (its database) on first use, writes DIR/virtuoso.ini from virtuoso.ini.in, runs
# virtuoso-t in the foreground (stop it with a signal to its pid), SPARQL at
# http://127.0.0.1:HTTP_PORT/sparql, graph store at /sparql-graph-crud-auth (user dba, password dba).
set -eu
DIR=$(realpath -m "$1"); SQL_PORT=${2:-1111}; HTTP_PORT=${3:-8890}
HERE=$(dirname "$(realpath "$0")")
mkdir -p "$DIR"
sed -e "s|@DIR@|$DIR|g" -e "s|@SQL_PORT@|$SQL_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
    "$HERE/virtuoso.ini.in" > "$DIR/virtuoso.ini"
cd "$DIR"
exec virtuoso-t +configfile "$DIR/virtuoso.ini" +foreground
