# Provisioning examples (cloud-init, Ansible), installed with the docs;
# tests/cli/examples.sh runs their commands against a fixture.
examplesdir = $(docdir)/examples
dist_examples_DATA = \
	docs/examples/cloud-init.yaml \
	docs/examples/ansible-tasks.yml
