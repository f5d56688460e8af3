#!/bin/bash
cd /tmp/bench-dist
CP="jukebox-bench.jar:lib/*"
run() { name=$1; shift; echo "== $name: $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"; java -cp "$CP" org.jukebox.bench.Bench "$@" > /tmp/bench-runs/$name.txt 2>&1; echo "exit $?" >> /tmp/bench-runs/$name.txt; echo "   done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
run directory-a directory
run streaming-a streaming
run indexing-a indexing
run directory-b directory
run streaming-b streaming
run indexing-b indexing
run directory-c directory
run streaming-c streaming
run streaming-unpaced streaming --pacing 0
