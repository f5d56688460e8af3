#!/bin/bash
cd /tmp/srb-dist
CP="jukebox-bench.jar:lib/*"
run() { name=$1; shift; echo "== $name: $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"; java -cp "$CP" org.jukebox.bench.Bench "$@" > /tmp/srb-runs/$name.txt 2>&1; echo "exit $?" >> /tmp/srb-runs/$name.txt; echo "   done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
run secure-rmi-a secure-rmi
run secure-rmi-b secure-rmi
run secure-rmi-c secure-rmi
# then: run secure-rmi-d secure-rmi
# then: run secure-rmi-e secure-rmi
