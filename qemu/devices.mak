# The devices of our QEMU (scripts/qemu.sh configures it with
# --without-default-devices --with-devices-x86_64=pasid-5.10, this file).
# Everything else defaults to off unless one of these selects it: the q35
# machine brings its chipset, ACPI, the ISA serial ports, fw_cfg and the
# PCIe root; scripts/boot.sh adds intel-iommu and two pasid-testdev.
CONFIG_Q35=y
CONFIG_VTD=y
CONFIG_PASID_TESTDEV=y
