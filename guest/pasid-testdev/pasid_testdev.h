/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pasid-testdev: the QEMU PCIe test device 1b36:00f0 that executes ENQCMD
 * commands with the submitter's PASID, and its guest driver's interface.
 *
 * BAR0 holds 64-bit little-endian registers, BAR2 the portal that ENQCMD
 * writes a struct pasid_testdev_cmd to (any 64-byte aligned offset). The
 * device executes a command before the ENQCMD completes.
 *
 * Each open of /dev/pasid_testdevN binds the opener's mm to the device
 * (its PASID is the mm's); mmap() at offset 0 maps the portal, one page.
 */
#ifndef _PASID_TESTDEV_H
#define _PASID_TESTDEV_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define PASID_TESTDEV_VENDOR		0x1b36
#define PASID_TESTDEV_DEVICE		0x00f0

/* BAR0 registers */
#define PASID_TESTDEV_REG_ID		0x00
#define PASID_TESTDEV_REG_DONE		0x08	/* commands executed */
#define PASID_TESTDEV_REG_REFUSED	0x10	/* enqueue stores refused */
#define PASID_TESTDEV_REG_FAULTS	0x18	/* DMA translation faults */
#define PASID_TESTDEV_REG_LAST_FAULT_ADDR  0x20
#define PASID_TESTDEV_REG_LAST_FAULT_PASID 0x28
#define PASID_TESTDEV_REG_LAST_PASID	0x30
#define PASID_TESTDEV_REG_RESET		0x38	/* any write zeroes the counters */
#define PASID_TESTDEV_REG_WIDE_INV	0x40	/* PASID-wide invalidations seen */
#define PASID_TESTDEV_REG_WIDE_PASID	0x48	/* the PASID of the last one */
#define PASID_TESTDEV_REG_WIDE_SELECT	0x50	/* a PASID for WIDE_COUNT */
#define PASID_TESTDEV_REG_WIDE_COUNT	0x58	/* its PASID-wide invalidations */
#define PASID_TESTDEV_REGS_SIZE		0x1000

#define PASID_TESTDEV_ID		0x0000000144534150ULL	/* "PASD", v1 */

#define PASID_TESTDEV_PORTAL_SIZE	0x1000

/* Commands: ops */
#define PASID_TESTDEV_OP_NOP		0
#define PASID_TESTDEV_OP_FILL		1	/* len bytes of (u8)value at dst */
#define PASID_TESTDEV_OP_COPY		2	/* len bytes from src to dst */

#define PASID_TESTDEV_MAX_LEN		(1U << 20)

/* Completion record: status */
#define PASID_TESTDEV_STATUS_SUCCESS	1
#define PASID_TESTDEV_STATUS_FAULT	2
#define PASID_TESTDEV_STATUS_BAD_CMD	3

/* A command, as ENQCMD reads it: 64 bytes, little-endian */
struct pasid_testdev_cmd {
	__u32 pasid;		/* replaced by the CPU: IA32_PASID[19:0] */
	__u32 op;
	__u64 src;		/* virtual addresses of the PASID's space */
	__u64 dst;
	__u32 len;		/* at most PASID_TESTDEV_MAX_LEN */
	__u32 value;
	__u64 completion;	/* 16-byte aligned record address, or 0 */
	__u64 reserved[3];
};

/* Written by the device through the command's PASID */
struct pasid_testdev_completion {
	__u32 status;
	__u32 bytes_done;
	__u64 fault_addr;
};

struct pasid_testdev_stats {
	__u64 done;
	__u64 refused;
	__u64 faults;
	__u64 last_fault_addr;
	__u64 last_fault_pasid;
	__u64 last_pasid;
	__u64 wide_inv;
	__u64 wide_pasid;
	__u64 wide_mine;	/* those of this file's PASID */
};

/* The PASID of this file's binding */
#define PASID_TESTDEV_GET_PASID		_IOR('P', 0, __u32)
/* The BAR0 counters, DONE to LAST_PASID */
#define PASID_TESTDEV_GET_STATS		_IOR('P', 1, struct pasid_testdev_stats)
/* Zero them */
#define PASID_TESTDEV_RESET_STATS	_IO('P', 2)

/* The layout is the device's: the sizes must not change */
_Static_assert(sizeof(struct pasid_testdev_cmd) == 64, "command size");
_Static_assert(sizeof(struct pasid_testdev_completion) == 16,
	       "completion record size");
_Static_assert(sizeof(struct pasid_testdev_stats) == 72, "stats size");

#endif /* _PASID_TESTDEV_H */
