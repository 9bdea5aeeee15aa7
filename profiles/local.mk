# Shipped profiles (vmtune-profile(5)): installed to $(pkgdatadir)/profiles,
# which the binary knows as VT_PROFILE_DIR (Makefile.am).
profilesdir = $(pkgdatadir)/profiles
dist_profiles_DATA = \
	profiles/balanced.json \
	profiles/database.json \
	profiles/desktop.json \
	profiles/hpc-numa-local.json \
	profiles/latency.json \
	profiles/throughput.json \
	profiles/virt-host.json
