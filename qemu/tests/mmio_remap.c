// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO through a vCPU's TLB while another vCPU changes the memory map.
 *
 * Static, run as root in the test guest (scripts/initramfs.sh puts it in the
 * initramfs). It needs the two pasid-testdev devices the gate boots with:
 *
 *  - it writes a different value to the WIDE_SELECT register of each
 *    device (the register reads back what was written);
 *  - one thread, on the last CPU, reads that register of the device whose
 *    BAR 0 is higher, 16 loads in a row, over and over;
 *  - the main thread, on CPU 0, turns memory decoding of the other device
 *    off and on through its config space, so that QEMU drops its BARs from
 *    the memory map and puts them back.
 *
 * Every load must return the value written to that device. Each map change
 * moves the index of the higher BAR's section in QEMU's dispatch table; a
 * load through a TLB entry filled before the change, made before the vCPU
 * flushes its TLB, reads another region (the other device's register
 * included), or QEMU aborts in iotlb_to_section(), unless the vCPU keeps
 * the map its TLB was filled from until it flushes (QEMU patch 11).
 * Prints TAP; exits 0 when every case passed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PTD_VENDOR	0x1b36
#define PTD_DEVICE	0x00f0
#define PTD_ID_VALUE	0x0000000144534150ULL	/* hw/misc/pasid-testdev.c */
#define PTD_REG_ID	0x00
#define PTD_REG_WIDE_SELECT 0x50	/* 20 bits, reads back */
#define LO_VALUE	0xa5a5aULL
#define HI_VALUE	0x5a5a5ULL
#define PCI_COMMAND	0x04
#define PCI_COMMAND_MEMORY 0x2
#define TOGGLES		2000

struct dev {
	char path[300];
	unsigned long long bar0;
};

static int failed, n;
static volatile int stop;
static volatile uint64_t *reg;
static unsigned long long loads, bad_loads;
static uint64_t bad_value;

static void result(int ok, const char *what)
{
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++n, what);
	if (!ok)
		failed++;
	fflush(stdout);
}

static unsigned long read_hex(const char *dir, const char *file)
{
	char p[400];
	unsigned long v = 0;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	f = fopen(p, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lx", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static int find_devices(struct dev *d)
{
	const char *top = "/sys/bus/pci/devices";
	struct dirent *e;
	int found = 0;
	DIR *dir = opendir(top);

	if (!dir)
		return 0;
	while ((e = readdir(dir)) && found < 2) {
		char p[300], res[400];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", top, e->d_name);
		if (read_hex(p, "vendor") != PTD_VENDOR ||
		    read_hex(p, "device") != PTD_DEVICE)
			continue;
		snprintf(res, sizeof(res), "%s/resource", p);
		f = fopen(res, "r");
		if (!f)
			continue;
		if (fscanf(f, "%llx", &d[found].bar0) == 1) {
			snprintf(d[found].path, sizeof(d[found].path), "%s", p);
			found++;
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

#define LOAD(i) do {							\
	v[i] = *reg;							\
} while (0)

static void *reader(void *arg)
{
	uint64_t v[16];
	int i;

	if (pin(*(int *)arg)) {
		bad_loads = 1;	/* reported as a failure of case 2 */
		return NULL;
	}
	while (!stop) {
		/* 16 loads of one TLB entry in a row, without a branch. */
		LOAD(0); LOAD(1); LOAD(2); LOAD(3); LOAD(4); LOAD(5); LOAD(6); LOAD(7);
		LOAD(8); LOAD(9); LOAD(10); LOAD(11); LOAD(12); LOAD(13); LOAD(14); LOAD(15);
		for (i = 0; i < 16; i++) {
			if (v[i] != HI_VALUE) {
				if (!bad_loads)
					bad_value = v[i];
				bad_loads++;
			}
		}
		loads += 16;
	}
	return NULL;
}

static int set_command(int fd, uint16_t cmd)
{
	return pwrite(fd, &cmd, sizeof(cmd), PCI_COMMAND) == sizeof(cmd) ? 0 : -1;
}

static volatile uint64_t *map_bar0(struct dev *d)
{
	char p[400];
	void *map;
	int fd;

	snprintf(p, sizeof(p), "%s/resource0", d->path);
	fd = open(p, O_RDWR | O_SYNC);
	if (fd < 0)
		return NULL;
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return map == MAP_FAILED ? NULL : map;
}

int main(int argc, char **argv)
{
	int toggles = argc > 1 ? atoi(argv[1]) : TOGGLES;
	int cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct dev d[2], *lo, *hi;
	volatile uint64_t *lo_regs, *hi_regs;
	char p[400], what[200];
	uint16_t cmd = 0, now = 0;
	pthread_t t;
	int cfg, i, ok = 1, rcpu;

	printf("TAP version 13\n1..3\n");
	if (find_devices(d) < 2 || cpus < 2) {
		for (i = 0; i < 3; i++)
			printf("ok %d # SKIP needs two pasid-testdev devices and two CPUs\n", ++n);
		return 0;
	}
	lo = d[0].bar0 < d[1].bar0 ? &d[0] : &d[1];
	hi = lo == &d[0] ? &d[1] : &d[0];

	lo_regs = map_bar0(lo);
	hi_regs = map_bar0(hi);
	snprintf(p, sizeof(p), "%s/config", lo->path);
	cfg = open(p, O_RDWR);
	if (!lo_regs || !hi_regs || cfg < 0 || pread(cfg, &cmd, 2, PCI_COMMAND) != 2 ||
	    !(cmd & PCI_COMMAND_MEMORY)) {
		result(0, "map both BARs 0 and read the lower device's command register");
		result(0, "not run: the setup above failed");
		result(0, "not run: the setup above failed");
		return 1;
	}
	lo_regs[PTD_REG_WIDE_SELECT / 8] = LO_VALUE;
	hi_regs[PTD_REG_WIDE_SELECT / 8] = HI_VALUE;
	reg = &hi_regs[PTD_REG_WIDE_SELECT / 8];
	result(hi_regs[PTD_REG_ID / 8] == PTD_ID_VALUE && *reg == HI_VALUE &&
	       lo_regs[PTD_REG_WIDE_SELECT / 8] == LO_VALUE,
	       "both BARs 0 read the ID and the value written to each");

	rcpu = cpus - 1;
	if (pin(0) || pthread_create(&t, NULL, reader, &rcpu)) {
		lo_regs[PTD_REG_WIDE_SELECT / 8] = 0;
		hi_regs[PTD_REG_WIDE_SELECT / 8] = 0;
		result(0, "pin to CPU 0 and start the reader");
		result(0, "not run: the setup above failed");
		return 1;
	}
	for (i = 0; i < toggles && ok; i++) {
		ok = !set_command(cfg, cmd & ~PCI_COMMAND_MEMORY) && !set_command(cfg, cmd);
	}
	stop = 1;
	pthread_join(t, NULL);
	if (bad_loads)
		printf("# %llu of %llu loads did not return %#llx (first: %#" PRIx64 ")\n",
		       bad_loads, loads, HI_VALUE, bad_value);
	snprintf(what, sizeof(what),
		 "%d map changes: every load of the higher BAR returned its value", toggles);
	result(ok && !bad_loads && loads, what);
	lo_regs[PTD_REG_WIDE_SELECT / 8] = 0;
	hi_regs[PTD_REG_WIDE_SELECT / 8] = 0;
	result(pread(cfg, &now, 2, PCI_COMMAND) == 2 && now == cmd,
	       "the command register is restored");
	return failed ? 1 : 0;
}
