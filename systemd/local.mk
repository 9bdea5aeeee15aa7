# The boot unit: applies the profile named in /etc/vmtune/profile.  Installed
# (not enabled) to $(systemdsystemunitdir); configure
# --with-systemdsystemunitdir=no leaves it out.  Built for `make check` in
# any case (tests/cli/systemd.sh verifies it).
VT_UNITS = systemd/vmtune-apply.service
if WITH_SYSTEMD
systemdsystemunit_DATA = $(VT_UNITS)
endif
check_DATA = $(VT_UNITS)
systemd/vmtune-apply.service: $(srcdir)/systemd/vmtune-apply.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' $(srcdir)/systemd/vmtune-apply.service.in >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += $(VT_UNITS)
EXTRA_DIST += systemd/vmtune-apply.service.in
