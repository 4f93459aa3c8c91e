// SPDX-License-Identifier: GPL-2.0
/*
 * Driver for QEMU's pasid-testdev (1b36:00f0), a PCIe device that executes
 * ENQCMD commands with the submitter's PASID (see pasid_testdev.h).
 *
 * Every open binds the opener's mm to the device with SVA; the binding,
 * and so the mm's PASID, is the file's until its release, even when the
 * file is passed on to another process. mmap() gives the ENQCMD portal.
 */
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "pasid_testdev.h"

#define DRV_NAME	"pasid_testdev"

struct ptd {
	struct pci_dev *pdev;
	void __iomem *regs;
	int index;
	char name[24];
	struct miscdevice misc;
	struct mutex select_lock;	/* WIDE_SELECT, then WIDE_COUNT */
};

static DEFINE_IDA(ptd_ida);

static int ptd_open(struct inode *inode, struct file *file)
{
	struct ptd *ptd = container_of(file->private_data, struct ptd, misc);
	struct iommu_sva *handle;

	handle = iommu_sva_bind_device(&ptd->pdev->dev, current->mm, NULL);
	if (IS_ERR(handle))
		return PTR_ERR(handle);
	file->private_data = handle;
	return 0;
}

static int ptd_release(struct inode *inode, struct file *file)
{
	iommu_sva_unbind_device(file->private_data);
	return 0;
}

static struct ptd *file_ptd(struct file *file)
{
	struct iommu_sva *handle = file->private_data;

	return dev_get_drvdata(handle->dev);
}

static int ptd_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct pci_dev *pdev = file_ptd(file)->pdev;

	if (vma->vm_pgoff || vma->vm_end - vma->vm_start > PAGE_SIZE)
		return -EINVAL;
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return vm_iomap_memory(vma, pci_resource_start(pdev, 2), PAGE_SIZE);
}

static long ptd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ptd *ptd = file_ptd(file);
	void __user *uarg = (void __user *)arg;
	struct pasid_testdev_stats st;

	switch (cmd) {
	case PASID_TESTDEV_GET_PASID:
		return put_user(iommu_sva_get_pasid(file->private_data),
				(__u32 __user *)uarg);
	case PASID_TESTDEV_GET_STATS:
		st.done = readq(ptd->regs + PASID_TESTDEV_REG_DONE);
		st.refused = readq(ptd->regs + PASID_TESTDEV_REG_REFUSED);
		st.faults = readq(ptd->regs + PASID_TESTDEV_REG_FAULTS);
		st.last_fault_addr =
			readq(ptd->regs + PASID_TESTDEV_REG_LAST_FAULT_ADDR);
		st.last_fault_pasid =
			readq(ptd->regs + PASID_TESTDEV_REG_LAST_FAULT_PASID);
		st.last_pasid = readq(ptd->regs + PASID_TESTDEV_REG_LAST_PASID);
		st.wide_inv = readq(ptd->regs + PASID_TESTDEV_REG_WIDE_INV);
		st.wide_pasid = readq(ptd->regs + PASID_TESTDEV_REG_WIDE_PASID);
		mutex_lock(&ptd->select_lock);
		writeq(iommu_sva_get_pasid(file->private_data),
		       ptd->regs + PASID_TESTDEV_REG_WIDE_SELECT);
		st.wide_mine = readq(ptd->regs + PASID_TESTDEV_REG_WIDE_COUNT);
		mutex_unlock(&ptd->select_lock);
		return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
	case PASID_TESTDEV_RESET_STATS:
		writeq(0, ptd->regs + PASID_TESTDEV_REG_RESET);
		return 0;
	}
	return -ENOTTY;
}

static const struct file_operations ptd_fops = {
	.owner		= THIS_MODULE,
	.open		= ptd_open,
	.release	= ptd_release,
	.mmap		= ptd_mmap,
	.unlocked_ioctl	= ptd_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static int ptd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct ptd *ptd;
	u64 dev_id;
	int ret;

	ptd = devm_kzalloc(dev, sizeof(*ptd), GFP_KERNEL);
	if (!ptd)
		return -ENOMEM;
	ptd->pdev = pdev;
	mutex_init(&ptd->select_lock);
	pci_set_drvdata(pdev, ptd);

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;
	ret = pci_request_mem_regions(pdev, DRV_NAME);
	if (ret)
		goto err_disable;
	ret = -ENODEV;
	if (pci_resource_len(pdev, 0) < PASID_TESTDEV_REGS_SIZE ||
	    !(pci_resource_flags(pdev, 2) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 2) < PAGE_SIZE)
		goto err_release;
	ret = -ENOMEM;
	ptd->regs = pci_iomap(pdev, 0, PASID_TESTDEV_REGS_SIZE);
	if (!ptd->regs)
		goto err_release;
	dev_id = readq(ptd->regs + PASID_TESTDEV_REG_ID);
	if (dev_id != PASID_TESTDEV_ID) {
		dev_err(dev, "unknown ID register %#llx\n", dev_id);
		ret = -ENODEV;
		goto err_unmap;
	}
	pci_set_master(pdev);

	/* pci_enable_pasid() needs it: without it, binds work, DMA is refused */
	if (!pdev->eetlp_prefix_path)
		dev_warn(dev, "no End-End TLP Prefix path: PASID cannot be enabled\n");
	ret = iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_SVA);
	if (ret) {
		dev_err(dev, "cannot enable SVA: %d\n", ret);
		goto err_master;
	}

	ret = ida_alloc(&ptd_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_sva;
	ptd->index = ret;
	snprintf(ptd->name, sizeof(ptd->name), DRV_NAME "%d", ptd->index);
	ptd->misc.minor = MISC_DYNAMIC_MINOR;
	ptd->misc.name = ptd->name;
	ptd->misc.fops = &ptd_fops;
	ptd->misc.parent = dev;
	ptd->misc.mode = 0600;
	ret = misc_register(&ptd->misc);
	if (ret)
		goto err_ida;
	return 0;

err_ida:
	ida_free(&ptd_ida, ptd->index);
err_sva:
	/* VT-d has no SVA disable in 5.10 (-ENODEV): nothing to undo there */
	iommu_dev_disable_feature(dev, IOMMU_DEV_FEAT_SVA);
err_master:
	pci_clear_master(pdev);
err_unmap:
	pci_iounmap(pdev, ptd->regs);
err_release:
	pci_release_mem_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return ret;
}

/*
 * Open files hold the module and the driver cannot be unbound through
 * sysfs (suppress_bind_attrs); removing the device itself while files are
 * open is not supported.
 */
static void ptd_remove(struct pci_dev *pdev)
{
	struct ptd *ptd = pci_get_drvdata(pdev);

	misc_deregister(&ptd->misc);
	ida_free(&ptd_ida, ptd->index);
	/*
	 * VT-d in 5.10 returns -ENODEV for an SVA disable, as SVA needs no
	 * per-device enabling there: the result tells nothing, ignore it.
	 */
	iommu_dev_disable_feature(&pdev->dev, IOMMU_DEV_FEAT_SVA);
	pci_clear_master(pdev);
	pci_iounmap(pdev, ptd->regs);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id ptd_ids[] = {
	{ PCI_DEVICE(PASID_TESTDEV_VENDOR, PASID_TESTDEV_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, ptd_ids);

static struct pci_driver ptd_driver = {
	.name		= DRV_NAME,
	.id_table	= ptd_ids,
	.probe		= ptd_probe,
	.remove		= ptd_remove,
	.driver		= {
		.suppress_bind_attrs = true,
	},
};
module_pci_driver(ptd_driver);

MODULE_DESCRIPTION("QEMU pasid-testdev: ENQCMD with the submitter's PASID");
MODULE_LICENSE("GPL");
