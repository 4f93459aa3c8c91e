# PASID lifetime series for Linux 5.10: workbench. See README.md.
# Every target is a plain script under scripts/; nothing here is clever.

.PHONY: run check test boot tree export outgoing qemu deps fetch bench clean help

help:
	@sed -n 's/^## //p' Makefile
	@echo
	@echo "Knobs (environment variables; 'make V=1 ...' shows every command run):"
	@sed -n '/^## Knobs/,/^## /{ /^| `/p; }' README.md | \
		awk -F' [|] ' '{ gsub(/^[|] |`/, ""); printf "  %-22s %s (%s; default %s)\n", $$1, $$3, $$2, $$4 }' | sed 's/ |)$$/)/'

## make run      fetch, apply patches/, build, boot under QEMU, run the suite
run:
	@scripts/test.sh run

## make check    the whole gate (what CI runs), ends with "N passed, N failed, N skipped"
check:
	@scripts/check.sh

## make test     rebuild build/linux as it is, boot, run the suite
test:
	@scripts/test.sh

## make boot     interactive shell in the guest (leave with 'poweroff -f')
boot:
	@scripts/build.sh main && scripts/initramfs.sh && scripts/boot.sh main shell

## make tree     create build/linux from the base and patches/ (FORCE=1 resets)
tree:
	@scripts/deps.sh && scripts/tree.sh

## make export   write build/linux's commits back to patches/
export:
	@scripts/export.sh

## make outgoing write build/outgoing/: the series signed off with your git identity
outgoing:
	@scripts/outgoing.sh

## make qemu     build our QEMU (ENQCMD, IA32_PASID, XSAVES; qemu/), which every boot uses
qemu:
	@scripts/deps.sh && scripts/qemu.sh

deps:
	@scripts/deps.sh

fetch:
	@scripts/fetch.sh

## make bench    base vs patched, booted alternately: instruction counts, wall clock, IPIs
bench:
	@scripts/deps.sh bench && scripts/tree.sh && scripts/bench.sh

## make clean    remove build/ (the download cache stays)
clean:
	rm -rf build
