# `make bench`: see bench/README.
