package org.opencirt.playbook.service;

import jakarta.inject.Singleton;
import java.util.Map;
import org.opencirt.common.archive.TableArchivePart;

/** A CIRT's playbooks (their YAML as written, and as parsed), their settings and their run history. */
@Singleton
class PlaybookArchivePart extends TableArchivePart {

    PlaybookArchivePart() {
        super(
                "playbooks",
                "playbook",
                "select * from playbook where tenant = ? order by id",
                "playbook_setting",
                "select * from playbook_setting where tenant = ? order by playbook_id",
                "playbook_run",
                "select * from playbook_run where tenant = ? order by started_at, id");
    }

    @Override
    public Map<String, String> leftOut() {
        return Map.of(
                "playbook_rotation",
                "the round-robin position of assignments in this installation: the next assignment after an import starts the rotation again");
    }
}
