dist_man_MANS += man/vmtune.8
