dist_man_MANS += man/vmtune.8 man/vmtune-profile.5
