# QEMU guest tests (`make check-vm`): see tests/vm/README.
