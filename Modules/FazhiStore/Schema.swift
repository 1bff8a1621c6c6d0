import GRDB

/// The store's schema, one migration per version (docs/store.md describes the tables). A migration
/// once released is never edited: a change is a new migration appended here.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-web", migrate: v2Web)
        migrator.registerMigration("v3-evidence-values", migrate: v3EvidenceValues)
        migrator.registerMigration("v4-fact-sets", migrate: v4FactSets)
        return migrator
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- Texts kept verbatim and shared: ruleset and catalog documents, evidence documents.
            CREATE TABLE document (
                sha256 TEXT PRIMARY KEY,
                text   TEXT NOT NULL
            ) STRICT;

            -- 评估对象: 市 → 县区 → 部门/乡镇.
            CREATE TABLE unit (
                id          TEXT PRIMARY KEY,
                name        TEXT NOT NULL,
                level       TEXT,
                parent_id   TEXT REFERENCES unit(id),
                parent_name TEXT,
                attributes  TEXT NOT NULL DEFAULT '{}',
                CHECK (parent_id IS NULL OR parent_id <> id)
            ) STRICT;
            CREATE INDEX unit_parent ON unit(parent_id);

            CREATE TABLE campaign (
                id                  TEXT PRIMARY KEY,
                name                TEXT NOT NULL,
                ruleset_id          TEXT NOT NULL,
                ruleset_hash        TEXT NOT NULL,
                year                INTEGER NOT NULL,
                as_of               TEXT,
                submission_deadline TEXT,
                review_deadline     TEXT,
                created_at          TEXT NOT NULL,
                created_by          TEXT NOT NULL
            ) STRICT;

            -- The campaign's ruleset as read when it was created: the ruleset, its extends chain and the catalog.
            CREATE TABLE campaign_document (
                campaign_id     TEXT NOT NULL REFERENCES campaign(id),
                position        INTEGER NOT NULL,
                role            TEXT NOT NULL CHECK (role IN ('ruleset', 'parent', 'catalog')),
                name            TEXT NOT NULL,
                ruleset_id      TEXT,
                document_sha256 TEXT NOT NULL REFERENCES document(sha256),
                PRIMARY KEY (campaign_id, position)
            ) STRICT;

            CREATE TABLE campaign_unit (
                campaign_id TEXT NOT NULL REFERENCES campaign(id),
                unit_id     TEXT NOT NULL REFERENCES unit(id),
                PRIMARY KEY (campaign_id, unit_id)
            ) STRICT;

            CREATE TABLE assignment (
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                assessor    TEXT NOT NULL,
                PRIMARY KEY (campaign_id, unit_id, assessor),
                FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_unit(campaign_id, unit_id)
            ) STRICT;

            -- One row per imported file per campaign: the same file again changes nothing.
            CREATE TABLE import (
                id          INTEGER PRIMARY KEY,
                campaign_id TEXT NOT NULL REFERENCES campaign(id),
                file_name   TEXT NOT NULL,
                sha256      TEXT NOT NULL,
                units       INTEGER NOT NULL,
                imported_at TEXT NOT NULL,
                imported_by TEXT NOT NULL,
                UNIQUE (campaign_id, sha256)
            ) STRICT;

            CREATE TABLE submission (
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                state       TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'resubmitted', 'reviewed')),
                version     INTEGER NOT NULL,
                PRIMARY KEY (campaign_id, unit_id),
                FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_unit(campaign_id, unit_id)
            ) STRICT;

            -- Every version of a submission's evidence, never overwritten.
            CREATE TABLE submission_version (
                campaign_id     TEXT NOT NULL,
                unit_id         TEXT NOT NULL,
                version         INTEGER NOT NULL CHECK (version >= 1),
                evidence_sha256 TEXT NOT NULL REFERENCES document(sha256),
                document_index  INTEGER NOT NULL DEFAULT 0,
                import_id       INTEGER REFERENCES import(id),
                created_at      TEXT NOT NULL,
                created_by      TEXT NOT NULL,
                PRIMARY KEY (campaign_id, unit_id, version),
                FOREIGN KEY (campaign_id, unit_id) REFERENCES submission(campaign_id, unit_id)
            ) STRICT;

            -- State changes of a submission (draft → submitted → returned → resubmitted → reviewed).
            CREATE TABLE submission_event (
                id          INTEGER PRIMARY KEY,
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                version     INTEGER NOT NULL,
                from_state  TEXT,
                to_state    TEXT NOT NULL,
                reason      TEXT,
                at          TEXT NOT NULL,
                by          TEXT NOT NULL,
                FOREIGN KEY (campaign_id, unit_id, version) REFERENCES submission_version(campaign_id, unit_id, version)
            ) STRICT;

            -- The values of a version's evidence, by key: metric facts, verdicts and events as the unit gave them.
            CREATE TABLE fact (
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                version     INTEGER NOT NULL,
                kind        TEXT NOT NULL CHECK (kind IN ('metric', 'verdict', 'event')),
                key         TEXT NOT NULL,
                value       TEXT NOT NULL,
                line        INTEGER,
                quote       TEXT,
                PRIMARY KEY (campaign_id, unit_id, version, kind, key),
                FOREIGN KEY (campaign_id, unit_id, version) REFERENCES submission_version(campaign_id, unit_id, version)
            ) STRICT;

            -- 佐证材料: file contents by SHA-256, stored once however often they are attached.
            CREATE TABLE blob (
                sha256  TEXT PRIMARY KEY,
                size    INTEGER NOT NULL,
                content BLOB NOT NULL
            ) STRICT;

            CREATE TABLE attachment (
                id            INTEGER PRIMARY KEY,
                campaign_id   TEXT NOT NULL,
                unit_id       TEXT NOT NULL,
                version       INTEGER NOT NULL,
                blob_sha256   TEXT NOT NULL REFERENCES blob(sha256),
                original_name TEXT NOT NULL,
                media_type    TEXT NOT NULL,
                size          INTEGER NOT NULL,
                uploaded_by   TEXT NOT NULL,
                uploaded_at   TEXT NOT NULL,
                FOREIGN KEY (campaign_id, unit_id, version) REFERENCES submission_version(campaign_id, unit_id, version)
            ) STRICT;

            -- Assessors' verdicts, appended; the latest row per assessor counts.
            CREATE TABLE verdict (
                id           INTEGER PRIMARY KEY,
                campaign_id  TEXT NOT NULL,
                unit_id      TEXT NOT NULL,
                indicator_id TEXT NOT NULL,
                assessor     TEXT NOT NULL,
                verdict      TEXT NOT NULL CHECK (verdict IN ('met', 'partial', 'unmet')),
                points       REAL,
                comment      TEXT,
                recorded_at  TEXT NOT NULL,
                FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_unit(campaign_id, unit_id)
            ) STRICT;
            CREATE INDEX verdict_item ON verdict(campaign_id, unit_id, indicator_id);

            -- The office's decision on an item, appended; the latest counts and overrides the assessors.
            CREATE TABLE decision (
                id           INTEGER PRIMARY KEY,
                campaign_id  TEXT NOT NULL,
                unit_id      TEXT NOT NULL,
                indicator_id TEXT NOT NULL,
                verdict      TEXT NOT NULL CHECK (verdict IN ('met', 'partial', 'unmet')),
                comment      TEXT,
                decided_by   TEXT NOT NULL,
                decided_at   TEXT NOT NULL,
                FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_unit(campaign_id, unit_id)
            ) STRICT;

            -- 通报: each publication freezes the scores of that moment as a new version.
            CREATE TABLE publication (
                campaign_id  TEXT NOT NULL REFERENCES campaign(id),
                version      INTEGER NOT NULL CHECK (version >= 1),
                published_at TEXT NOT NULL,
                published_by TEXT NOT NULL,
                ruleset_hash TEXT NOT NULL,
                note         TEXT,
                -- The last verdict and decision rows counted, so the publication can be scored again.
                verdict_through  INTEGER NOT NULL,
                decision_through INTEGER NOT NULL,
                PRIMARY KEY (campaign_id, version)
            ) STRICT;

            CREATE TABLE result (
                campaign_id        TEXT NOT NULL,
                version            INTEGER NOT NULL,
                unit_id            TEXT NOT NULL REFERENCES unit(id),
                submission_version INTEGER NOT NULL,
                grade              TEXT NOT NULL,
                score              REAL NOT NULL,
                numerator          INTEGER NOT NULL,
                denominator        INTEGER NOT NULL,
                adjustment         REAL NOT NULL,
                met                INTEGER NOT NULL,
                counted            INTEGER NOT NULL,
                PRIMARY KEY (campaign_id, version, unit_id),
                FOREIGN KEY (campaign_id, version) REFERENCES publication(campaign_id, version)
            ) STRICT;
            CREATE INDEX result_unit ON result(unit_id);

            CREATE TABLE result_group (
                campaign_id TEXT NOT NULL,
                version     INTEGER NOT NULL,
                unit_id     TEXT NOT NULL,
                group_id    TEXT NOT NULL,
                title       TEXT NOT NULL,
                met         INTEGER NOT NULL,
                counted     INTEGER NOT NULL,
                completion  REAL,
                PRIMARY KEY (campaign_id, version, unit_id, group_id),
                FOREIGN KEY (campaign_id, version, unit_id) REFERENCES result(campaign_id, version, unit_id)
            ) STRICT;

            CREATE TABLE result_indicator (
                campaign_id  TEXT NOT NULL,
                version      INTEGER NOT NULL,
                unit_id      TEXT NOT NULL,
                indicator_id TEXT NOT NULL,
                group_id     TEXT NOT NULL,
                outcome      TEXT NOT NULL,
                reason       TEXT NOT NULL,
                PRIMARY KEY (campaign_id, version, unit_id, indicator_id),
                FOREIGN KEY (campaign_id, version, unit_id) REFERENCES result(campaign_id, version, unit_id)
            ) STRICT;

            -- 整改: an unmet indicator of a published result, owned by its lead unit where named.
            CREATE TABLE rectification (
                id           INTEGER PRIMARY KEY,
                campaign_id  TEXT NOT NULL,
                version      INTEGER NOT NULL,
                unit_id      TEXT NOT NULL,
                indicator_id TEXT NOT NULL,
                owner        TEXT NOT NULL,
                deadline     TEXT NOT NULL,
                state        TEXT NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
                created_at   TEXT NOT NULL,
                UNIQUE (campaign_id, unit_id, indicator_id),
                FOREIGN KEY (campaign_id, version, unit_id, indicator_id)
                    REFERENCES result_indicator(campaign_id, version, unit_id, indicator_id)
            ) STRICT;

            CREATE TABLE rectification_event (
                id               INTEGER PRIMARY KEY,
                rectification_id INTEGER NOT NULL REFERENCES rectification(id),
                action           TEXT NOT NULL CHECK (action IN ('open', 'answer', 'close', 'reopen')),
                text             TEXT,
                at               TEXT NOT NULL,
                by               TEXT NOT NULL
            ) STRICT;

            -- Files a unit sent with a 整改 answer.
            CREATE TABLE rectification_file (
                id            INTEGER PRIMARY KEY,
                event_id      INTEGER NOT NULL REFERENCES rectification_event(id),
                blob_sha256   TEXT NOT NULL REFERENCES blob(sha256),
                original_name TEXT NOT NULL,
                media_type    TEXT NOT NULL,
                size          INTEGER NOT NULL
            ) STRICT;

            -- Every change: who, when, what, old → new. Append-only (the triggers refuse the rest).
            CREATE TABLE audit (
                id     INTEGER PRIMARY KEY AUTOINCREMENT,
                at     TEXT NOT NULL,
                actor  TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                key    TEXT NOT NULL,
                old    TEXT,
                new    TEXT
            );
            """)
        // Append-only tables: the audit log, the published results and the evidence versions.
        for table in ["audit", "publication", "result", "result_group", "result_indicator", "submission_version", "fact",
                      "verdict", "decision", "submission_event", "rectification_event", "rectification_file", "document", "blob", "import"] {
            try db.execute(sql: """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                """)
        }
    }

    /// The web app (`fazhi serve`, docs/web.md): its users, their sessions, login attempts (for rate
    /// limiting), which item a file was uploaded for, a unit's unsent form after a return, and the
    /// assessor's note on each item of a return.
    static func v2Web(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE web_user (
                name          TEXT PRIMARY KEY,
                role          TEXT NOT NULL CHECK (role IN ('office', 'unit', 'assessor', 'viewer')),
                unit_id       TEXT REFERENCES unit(id),
                password_hash TEXT NOT NULL,
                disabled      INTEGER NOT NULL DEFAULT 0,
                created_at    TEXT NOT NULL,
                created_by    TEXT NOT NULL,
                CHECK ((role = 'unit') = (unit_id IS NOT NULL))
            ) STRICT;

            -- A session is found by the SHA-256 of its cookie's token: the database never holds a usable token.
            CREATE TABLE web_session (
                token_sha256 TEXT PRIMARY KEY,
                user_name    TEXT NOT NULL REFERENCES web_user(name),
                csrf         TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                expires_at   TEXT NOT NULL
            ) STRICT;
            CREATE INDEX web_session_user ON web_session(user_name);

            CREATE TABLE login_attempt (
                id        INTEGER PRIMARY KEY,
                user_name TEXT NOT NULL,
                address   TEXT NOT NULL,
                at        TEXT NOT NULL,
                ok        INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX login_attempt_user ON login_attempt(user_name, at);
            CREATE INDEX login_attempt_address ON login_attempt(address, at);

            -- The item (indicator) a file was uploaded for.
            CREATE TABLE attachment_item (
                attachment_id INTEGER PRIMARY KEY REFERENCES attachment(id),
                indicator_id  TEXT NOT NULL
            ) STRICT;

            -- A unit's form saved after a return and not yet sent (sending imports it as a new version).
            CREATE TABLE web_draft (
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                text        TEXT NOT NULL,
                saved_at    TEXT NOT NULL,
                saved_by    TEXT NOT NULL,
                PRIMARY KEY (campaign_id, unit_id),
                FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_unit(campaign_id, unit_id)
            ) STRICT;

            -- The assessor's note on one item when a submission is returned.
            CREATE TABLE return_note (
                id           INTEGER PRIMARY KEY,
                event_id     INTEGER NOT NULL REFERENCES submission_event(id),
                indicator_id TEXT NOT NULL,
                note         TEXT NOT NULL
            ) STRICT;
            """)
        for table in ["attachment_item", "return_note"] {
            try db.execute(sql: """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                """)
        }
    }

    /// What scoring reads instead of parsing each stored document again (`EvidenceValues`): a version's
    /// evidence as the evidence reader read it from its document at import. Derived from the document,
    /// which stays the record; a version without a row (imported before this migration, or holding what
    /// the form does not keep) is scored from its document. `fazhi check` compares each row with its document.
    static func v3EvidenceValues(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE evidence_values (
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                version     INTEGER NOT NULL,
                data        BLOB NOT NULL,
                PRIMARY KEY (campaign_id, unit_id, version),
                FOREIGN KEY (campaign_id, unit_id, version) REFERENCES submission_version(campaign_id, unit_id, version)
            ) STRICT;
            CREATE TRIGGER evidence_values_no_update BEFORE UPDATE ON evidence_values
            BEGIN SELECT RAISE(ABORT, 'evidence_values is append-only'); END;
            CREATE TRIGGER evidence_values_no_delete BEFORE DELETE ON evidence_values
            BEGIN SELECT RAISE(ABORT, 'evidence_values is append-only'); END;
            """)
    }

    /// A version's facts in one row, `fact_set` (a JSON array, `StoredFact.json`), instead of a row
    /// each in `fact`: an import of 10,000 units wrote some 600,000 `fact` rows, two B-tree entries and
    /// a foreign-key lookup each, about 4 s of its 10 on this machine. `fact` stays, as a view that
    /// reads the arrays back a row each (the same columns, for queries in the `sqlite3` shell). Rows of
    /// earlier versions move over in their order.
    static func v4FactSets(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE fact_set (
                campaign_id TEXT NOT NULL,
                unit_id     TEXT NOT NULL,
                version     INTEGER NOT NULL,
                facts       TEXT NOT NULL CHECK (json_valid(facts) AND json_type(facts) = 'array'),
                PRIMARY KEY (campaign_id, unit_id, version),
                FOREIGN KEY (campaign_id, unit_id, version) REFERENCES submission_version(campaign_id, unit_id, version)
            ) STRICT;
            INSERT INTO fact_set (campaign_id, unit_id, version, facts)
                SELECT campaign_id, unit_id, version,
                       json_group_array(json_patch(json_object('kind', kind, 'key', key, 'value', value),
                                                   json_object('line', line, 'quote', quote)))
                FROM (SELECT * FROM fact ORDER BY campaign_id, unit_id, version, rowid)
                GROUP BY campaign_id, unit_id, version;
            DROP TABLE fact;
            CREATE VIEW fact (campaign_id, unit_id, version, kind, key, value, line, quote) AS
                SELECT s.campaign_id, s.unit_id, s.version, json_extract(f.value, '$.kind'), json_extract(f.value, '$.key'),
                       json_extract(f.value, '$.value'), json_extract(f.value, '$.line'), json_extract(f.value, '$.quote')
                FROM fact_set s, json_each(s.facts) f;
            CREATE TRIGGER fact_set_no_update BEFORE UPDATE ON fact_set
            BEGIN SELECT RAISE(ABORT, 'fact_set is append-only'); END;
            CREATE TRIGGER fact_set_no_delete BEFORE DELETE ON fact_set
            BEGIN SELECT RAISE(ABORT, 'fact_set is append-only'); END;
            """)
    }
}
