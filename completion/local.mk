# bash completion (completion/vmtune): installed where bash-completion loads
# it on demand, $(bashcompletiondir) (configure --with-bashcompletiondir).
if WITH_BASHCOMPLETION
dist_bashcompletion_DATA = completion/vmtune
else
EXTRA_DIST += completion/vmtune
endif
