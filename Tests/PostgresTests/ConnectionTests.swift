import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct ErrorTests {
    @Test func syntaxErrorCarriesSQLState() throws {
        try withConnection { conn, _ throws in
            let error = try #require(postgresError { try conn.execute("selec 1") })
            #expect(error.kind == .query)
            #expect(error.sqlState == "42601")
            #expect(error.position == 1)
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("42601"))
            // The connection stays usable.
            #expect(try intValue(conn, "select 1") == 1)
        }
    }

    @Test func uniqueViolationCarriesDetail() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id bigint primary key)")
            try conn.execute("insert into t values (\(1))")
            let error = try #require(postgresError { try conn.execute("insert into t values (\(1))") })
            #expect(error.sqlState == "23505")
            #expect(error.detail == "Key (id)=(1) already exists.")
            #expect(error.constraint == "t_pkey")
            #expect(error.table == "t")
            #expect(error.description.contains("Key (id)=(1) already exists."))
        }
    }

    @Test func droppedConnectionSurfacesAsError() throws {
        try withConnection { conn, db throws in
            let victim = try db.connect()
            let pid = try victim.queryValue("select pg_backend_pid()", as: Int32.self)
            #expect(try conn.queryOne("select pg_terminate_backend(\(pid))")?.get(at: 0) as Bool? == true)
            let error = try #require(postgresError { _ = try victim.query("select 1") })
            #expect(error.kind == .connectionLost || error.sqlState == "57P01")
            #expect(!victim.isConnected)
            // Later calls keep failing cleanly; close stays idempotent.
            let error1 = postgresError { _ = try victim.query("select 1") }
            #expect(error1?.kind == .connectionLost)
            victim.close()
            victim.close()
            let error2 = postgresError { _ = try victim.query("select 1") }
            #expect(error2?.kind == .connectionLost)
        }
    }

    /// A session that loses its connection while COMMIT is on its way cannot know whether
    /// the server committed: it says so (`commitOutcomeUnknown`), never "rolled back".
    @Test func aConnectionLostDuringCommitLeavesTheOutcomeUnknown() throws {
        try withConnection { conn, db throws in
            // A deferred constraint trigger runs inside COMMIT: it holds the COMMIT open.
            try conn.executeScript("""
                create table t (x int);
                create function slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(10); return null; end $$;
                create constraint trigger slow after insert on t deferrable initially deferred
                    for each row execute function slow_commit();
                """)
            let victim = try db.connect()
            let pid = try victim.queryValue("select pg_backend_pid()", as: Int32.self)
            let conninfo = db.conninfo
            DispatchQueue.global().async {
                guard let killer = try? Connection(conninfo: conninfo) else { return }
                defer { killer.close() }
                for _ in 0..<200 {
                    let sleeping = (try? killer.queryValue(
                        "select count(*) from pg_stat_activity where pid = \(pid) and wait_event = 'PgSleep'", as: Int64.self)) ?? 0
                    if sleeping == 1 { _ = try? killer.query("select pg_terminate_backend(\(pid))"); return }
                    usleep(50_000)
                }
            }
            let error = try #require(postgresError { try victim.transaction { c in _ = try c.execute("insert into t values (1)") } })
            #expect(error.kind == .commitOutcomeUnknown, "\(error)")
            #expect(error.description.contains("may or may not"), "\(error)")
            victim.close()
        }
    }

    @Test func droppedConnectionWhileStreaming() throws {
        try withConnection { conn, db throws in
            let victim = try db.connect()
            let pid = try victim.queryValue("select pg_backend_pid()", as: Int32.self)
            var seen = 0
            let error = postgresError {
                // Large enough that the server is still sending when it is terminated.
                try victim.stream("select g, repeat('x', 100) from generate_series(1, 20000000) g") { _ in
                    seen += 1
                    if seen == 1 { _ = try conn.query("select pg_terminate_backend(\(pid))") }
                }
            }
            #expect(error != nil)
            #expect(!victim.isConnected)
        }
    }

    @Test func badConninfoNeverShowsThePassword() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { return }
        let secret = "S3cr3t-pass-987"
        let missing = try #require(postgresError {
            _ = try Connection(conninfo: "dbname=payouts_no_such_db_x1 password=\(secret) connect_timeout=5")
        })
        #expect(missing.kind == .connection)
        #expect(missing.description.contains("payouts_no_such_db_x1"))
        #expect(!missing.description.contains(secret))

        let malformed = try #require(postgresError { _ = try Connection(conninfo: "dbname=x password \(secret)") })
        #expect(malformed.kind == .connectionString)
        #expect(!malformed.description.contains(secret))

        let badURI = try #require(postgresError { _ = try Connection(conninfo: "postgresql://u:\(secret)@/x?bogus%zz=1") })
        #expect(!badURI.description.contains(secret))

        let unknownOption = try #require(postgresError { _ = try Connection(conninfo: "password=\(secret) nosuchoption=1") })
        #expect(!unknownOption.description.contains(secret))
    }

    @Test func injectionThroughParametersIsStoredVerbatim() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id serial primary key, s text)")
            let attempts = [
                "'); drop table t; --", "' or '1'='1", "\"; drop table t; --", "\\'; drop table t; --",
                "$1", "E'\\x00'", "Robert'); DROP TABLE t;--", "üñí'\"\\ 🎉", "%s %d", "'' ''",
            ]
            for attempt in attempts {
                try conn.execute("insert into t(s) values (\(attempt))")
            }
            let stored = try conn.query("select s from t order by id").map { try $0.decode(String.self, at: 0) }
            #expect(stored == attempts)
            #expect(try conn.queryOne("select to_regclass('t') is not null")?.get(at: 0) as Bool? == true)
            let found = try conn.query("select id from t where s = \("' or '1'='1")")
            #expect(found.count == 1)
        }
    }

    @Test func noticesAreNotPrinted() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table notice_probe(id int)")
            // The server answers with NOTICE "relation \"notice_probe\" already exists, skipping".
            let written = try standardErrorWritten {
                try conn.executeScript("create table if not exists notice_probe(id int)")
            }
            #expect(!written.contains("notice_probe"), "\(written)")
        }
    }

    @Test func sessionSettings() throws {
        try withConnection { conn, _ throws in
            let row = try #require(try conn.queryOne(
                "select current_setting('DateStyle') as ds, current_setting('application_name') as app, current_setting('client_encoding') as enc"))
            #expect(try row.get("ds") as String == "ISO, MDY")
            #expect(try row.get("app") as String == "payouts")
            #expect(try row.get("enc") as String == "UTF8")
        }
    }

    @Test func executeReturnsAffectedRows() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id int); insert into t select generate_series(1, 5)")
            #expect(try conn.execute("update t set id = id + 1 where id > \(2)") == 3)
            #expect(try conn.execute("delete from t") == 5)
            #expect(try conn.queryOne("select 1 where false") == nil)
        }
    }

    @Test func unsafeSQLWithPlaceholders() throws {
        try withConnection { conn, _ throws in
            let row = try #require(try conn.queryOne(Query(unsafeSQL: "select $1::int + $2::int as s, $3::text as n", 2, 3, String?.none)))
            #expect(try row.get("s") as Int == 5)
            #expect(try row.get("n") as String? == nil)
        }
    }
}

@Suite struct TransactionTests {
    @Test func commitsAndRollsBack() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id int primary key)")
            let result = try conn.transaction { conn throws in
                try conn.execute("insert into t values (\(1))")
                return 42
            }
            #expect(result == 42)

            var rolledBack = false
            do {
                try conn.transaction { conn throws in
                    try conn.execute("insert into t values (\(2))")
                    throw StopStreaming()
                }
            } catch is StopStreaming {
                rolledBack = true
            }
            #expect(rolledBack)
            #expect(!conn.isInTransaction)
            let ids = try conn.query("select id from t order by id").map { try $0.decode(Int.self, at: 0) }
            #expect(ids == [1])
        }
    }

    @Test func caughtStatementErrorPreventsSilentCommit() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id int primary key)")
            let error = postgresError {
                try conn.transaction { conn throws in
                    try conn.execute("insert into t values (\(1))")
                    _ = try? conn.execute("insert into t values (\(1))")  // swallowed duplicate
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try conn.query("select id from t").isEmpty)
            #expect(!conn.isInTransaction)
        }
    }

    @Test func nestingIsRefusedAndLeavesTheOuterTransactionUsable() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id int primary key)")
            try conn.transaction { conn throws in
                let nested = postgresError { try conn.transaction { _ in } }
                #expect(nested?.kind == .usage)
                try conn.execute("insert into t values (\(1))")
            }
            let ids = try conn.query("select id from t order by id").map { try $0.decode(Int.self, at: 0) }
            #expect(ids == [1])
        }
    }

    /// A second connection that imports an open transaction's exported snapshot reads what
    /// that transaction saw, not rows committed after it; without the import it would see them.
    @Test func anImportedSnapshotReadsWhatTheExportingTransactionSaw() throws {
        try withConnection { conn, db throws in
            try conn.executeScript("create table t(id int primary key); insert into t values (1)")
            let writer = try db.connect()
            let reader = try db.connect()
            defer { writer.close(); reader.close() }
            try conn.transaction(isolation: .repeatableRead) { conn throws in
                #expect(try intValue(conn, "select count(*) from t") == 1)  // the snapshot begins here
                let snapshot = try conn.exportSnapshot()
                try writer.execute("insert into t values (\(2))")             // committed after it
                let imported = try reader.transaction(isolation: .repeatableRead, snapshot: snapshot) { reader in
                    try intValue(reader, "select count(*) from t")
                }
                let fresh = try reader.transaction(isolation: .repeatableRead) { reader in
                    try intValue(reader, "select count(*) from t")
                }
                #expect(imported == 1)
                #expect(fresh == 2)
            }
            // Only hex digits and dashes are accepted as a snapshot id (it is written into SQL).
            #expect(Connection.Snapshot(id: "00000003-0000001B-1") != nil)
            #expect(Connection.Snapshot(id: "1'; drop table t; --") == nil)
            #expect(Connection.Snapshot(id: "") == nil)
        }
    }
}

@Suite struct AdvisoryLockTests {
    @Test func sessionLockExcludesOtherSessions() throws {
        try withConnection { conn, db throws in
            let other = try db.connect()
            let key: Int64 = 0x5041_594F_5554
            #expect(try conn.tryAdvisoryLock(key: key))
            #expect(try !other.tryAdvisoryLock(key: key))
            #expect(try conn.advisoryUnlock(key: key))
            #expect(try other.tryAdvisoryLock(key: key))
            #expect(try !conn.tryAdvisoryLock(key: key))
            other.close()
            // Released when the holder's backend exits, which happens shortly after close().
            var acquired = false
            for _ in 0..<100 where !acquired {
                acquired = try conn.tryAdvisoryLock(key: key)
                if !acquired { usleep(50_000) }
            }
            #expect(acquired)
            #expect(try !conn.advisoryUnlock(key: key + 1))
        }
    }

    @Test func transactionLockIsReleasedAtCommit() throws {
        try withConnection { conn, db throws in
            let other = try db.connect()
            let key: Int64 = -7
            try conn.transaction { conn throws in
                #expect(try conn.tryAdvisoryTransactionLock(key: key))
                #expect(try !other.tryAdvisoryLock(key: key))
            }
            #expect(try other.tryAdvisoryLock(key: key))
            let error4 = postgresError { _ = try conn.tryAdvisoryTransactionLock(key: key) }
            #expect(error4?.kind == .usage)
        }
    }
}

@Suite struct StreamingTests {
    @Test func streamDeliversAllRowsInOrder() throws {
        try withConnection { conn, _ throws in
            var expected: Int64 = 1
            var count = 0
            try conn.stream("select g, 'row ' || g as label from generate_series(1, \(100_000)) g order by g") { row in
                let g = try row.decode(Int64.self, at: 0)
                if g == expected, try row.get("label") as String == "row \(g)" { expected += 1 }
                count += 1
            }
            #expect(count == 100_000)
            #expect(expected == 100_001)
        }
    }

    @Test func streamStopsOnThrowAndConnectionStaysUsable() throws {
        try withConnection { conn, _ throws in
            var seen = 0
            var stoppedByUs = false
            do {
                try conn.stream("select g from generate_series(1, 10000000) g") { _ in
                    seen += 1
                    if seen == 3 { throw StopStreaming() }
                }
            } catch is StopStreaming {
                stoppedByUs = true
            }
            #expect(stoppedByUs)
            #expect(seen == 3)
            #expect(try intValue(conn, "select 2") == 2)
            // Reentrant use while streaming is refused, not corrupting the protocol state.
            let reentrant = postgresError {
                try conn.stream("select 1") { _ in _ = try conn.query("select 1") }
            }
            #expect(reentrant?.kind == .usage)
            #expect(try intValue(conn, "select 3") == 3)
            let bad = postgresError { try conn.stream("select 1/0") { _ in } }
            #expect(bad?.sqlState == "22012")
        }
    }

    @Test func copyRowsDeliversEveryFieldExactly() throws {
        try withConnection { conn, _ throws in
            let wide = String(repeating: "ü,\r\n\t\\\"", count: 20_000)   // 160,000 bytes: a row larger than any buffer
            try conn.executeScript("""
                create table t(id bigint, name text, flag boolean, amount numeric(18,4));
                insert into t values (1, 'plain', true, 1.5), (2, E'with, comma\\r\\n\\t\\\\', false, -0.0001),
                                     (3, 'quote "q"', null, 99999999999999.9999), (4, null, true, 0), (5, 'ünï 😀', false, 12);
                """)
            try conn.execute("insert into t values (6, \(wide), true, 1)")
            var rows: [String] = []
            try conn.copyRows("select id, name, flag, amount::text from t order by id") { row in
                #expect(row.count == 4)
                let flag = try row.optionalBytes(2) == nil ? "null" : String(try row.bool(2))
                rows.append("\(try row.int64(0))|\(try row.string(1) ?? "NULL")|\(flag)|\(try row.string(3) ?? "NULL")")
            }
            #expect(rows == [
                "1|plain|true|1.5000",
                "2|with, comma\r\n\t\\|false|-0.0001",
                "3|quote \"q\"|null|99999999999999.9999",
                "4|NULL|true|0.0000",
                "5|ünï 😀|false|12.0000",
                "6|\(wide)|true|1.0000",
            ])
            let error5 = postgresError { try conn.copyRows("select \(1)") { _ in } }
            #expect(error5?.kind == .usage)
            let failing = postgresError { try conn.copyRows("select 1/(id-3) from t") { _ in } }
            #expect(failing?.sqlState == "22012")
            #expect(try intValue(conn, "select 4") == 4)
            // A body that throws cancels the COPY; the connection stays usable.
            struct Stop: Error {}
            #expect(throws: Stop.self) { try conn.copyRows("select id from t") { _ in throw Stop() } }
            #expect(try intValue(conn, "select 6") == 6)
            // The wrong column type is a decoding error, not a wrong value.
            let wrongType = postgresError { try conn.copyRows("select 1::int") { row in _ = try row.int64(0) } }
            #expect(wrongType?.kind == .decoding)
            // COPY through query() is refused and leaves the connection usable.
            let error6 = postgresError { _ = try conn.query("copy t to stdout") }
            #expect(error6?.kind == .usage)
            #expect(try intValue(conn, "select 5") == 5)
        }
    }
}

@Suite struct TestDatabaseTests {
    @Test func createAndDropTwice() throws {
        let db = try TestDatabase.create()
        #expect(db.name.hasPrefix("payouts_test_"))
        #expect(db.conninfo == "dbname=\(db.name)")
        let conn = try db.connect()
        db.drop()  // terminates conn
        db.drop()
        let error7 = postgresError { _ = try conn.query("select 1") }
        #expect(error7 != nil)
        let admin = try Connection(conninfo: "dbname=postgres")
        #expect(try admin.query("select 1 from pg_database where datname = \(db.name)").isEmpty)
    }
}

@Suite struct SafetyTests {
    @Test func parameterizedCallsRunExactlyOneStatement() throws {
        try withConnection { conn, _ throws in
            try conn.executeScript("create table t(id int)")
            let error = postgresError { try conn.execute("insert into t values (1); drop table t") }
            #expect(error?.sqlState == "42601")
            #expect(try intValue(conn, "select count(*) from t") == 0)
        }
    }
}
