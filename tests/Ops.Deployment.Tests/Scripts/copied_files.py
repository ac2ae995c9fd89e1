"""Prints, as JSON, the source and destination of every file deploy.yml copies to a host,
for every architecture the playbook knows, with its templates rendered by Ansible's own
Templar: the tests then check those paths, not a hand-written imitation of Jinja.

Usage: python3 copied_files.py PLAYBOOK
Output: [{"task": NAME, "architecture": ARCH, "src": PATH, "dest": PATH}, ...]
"""
import json
import os
import sys

import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

COPY_MODULES = ("ansible.builtin.copy", "ansible.builtin.template", "copy", "template")


def tasks_of(items):
    """Every task, including those inside blocks and their rescue/always sections."""
    for item in items or []:
        if "block" in item:
            for section in ("block", "rescue", "always"):
                yield from tasks_of(item.get(section))
        else:
            yield item


def main(playbook):
    playbook = os.path.abspath(playbook)
    with open(playbook, encoding="utf-8") as stream:
        plays = yaml.safe_load(stream)

    found = []
    for play in plays:
        play_vars = play.get("vars") or {}
        tasks = list(tasks_of(play.get("pre_tasks"))) + list(tasks_of(play.get("tasks"))) \
            + list(tasks_of(play.get("post_tasks"))) + list(tasks_of(play.get("handlers")))
        for architecture in play_vars.get("ops_rid_by_architecture", {}):
            variables = dict(play_vars, playbook_dir=os.path.dirname(playbook),
                             ansible_architecture=architecture, inventory_hostname="host")
            templar = Templar(loader=DataLoader(), variables=variables)
            for task in tasks:
                for module in COPY_MODULES:
                    arguments = task.get(module)
                    if isinstance(arguments, dict) and "src" in arguments:
                        found.append({
                            "task": task.get("name", ""),
                            "architecture": architecture,
                            "src": templar.template(arguments["src"]),
                            "dest": templar.template(arguments.get("dest", "")),
                        })
    json.dump(found, sys.stdout, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
