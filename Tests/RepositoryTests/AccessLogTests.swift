import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// `access_log: true` (specs/employee.yaml): every repository operation on the entity writes one access record
/// with the operation, the entity, the keys and the caller's principal, never a value; other entities write none.
@Suite("Access log")
struct AccessLogTests {
    /// Keeps the records a logger receives.
    final class Records: LogHandler, @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [(message: String, metadata: Logger.Metadata)] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lock.withLock { stored.append(("\(event.message)", event.metadata ?? [:])) }
        }

        var all: [(message: String, metadata: Logger.Metadata)] { lock.withLock { stored } }
    }

    /// A database on the shared test client whose access records go to `records`.
    static func database(recordingInto records: Records) async throws -> Database {
        let shared = try await RepositoryHarness.database()
        var options = shared.options
        options.accessLog = AccessLog(logger: Logger(label: AccessLog.label) { _ in records })
        return Database(client: shared.client, logger: shared.logger, options: options)
    }

    static func string(_ value: Logger.Metadata.Value?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    static func keys(_ value: Logger.Metadata.Value?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    @Test("each operation on Employee writes a record naming the operation, the keys and the principal, never a value")
    func recordsOperations() async throws {
        let records = Records()
        let database = try await Self.database(recordingInto: records)
        let repository = EmployeeRepository(on: database)
        let request = Requests.employee()
        let created = try await Caller.$current.withValue(Caller(principal: "user:42")) {
            let created = try await repository.create(request)
            _ = try await repository.get(id: created.id)
            _ = try await repository.update(id: created.id, EmployeePatch(expectedVersion: created.version).setting(\.fullName, to: "Renamed"))
            return created
        }
        let missing = UUID()
        _ = try? await repository.get(id: missing)
        let id = created.id.uuidString.lowercased()
        let lines = records.all.filter { Self.string($0.metadata[AccessLog.Keys.entity]) == "Employee" }
        let summary = lines.map {
            [Self.string($0.metadata[AccessLog.Keys.operation]) ?? "?", Self.keys($0.metadata[AccessLog.Keys.keys]).joined(separator: ","),
             Self.string($0.metadata[AccessLog.Keys.principal]) ?? "?", Self.string($0.metadata[AccessLog.Keys.outcome]) ?? "?"]
        }
        #expect(summary == [
            ["create", id, "user:42", "success"],
            ["find", id, "user:42", "success"],
            ["update", id, "user:42", "success"],
            ["find", missing.uuidString.lowercased(), "unknown", "success"],
        ])
        #expect(lines.allSatisfy { $0.message == "access" })
        // Never a value: nothing of the request appears in any record.
        let text = "\(records.all.map(\.metadata))"
        #expect(!text.contains(request.email) && !text.contains(request.fullName) && !text.contains("Renamed"))
    }

    @Test("a failed operation is recorded with its outcome; an entity without access_log writes nothing")
    func failuresAndOtherEntities() async throws {
        let records = Records()
        let database = try await Self.database(recordingInto: records)
        let employees = EmployeeRepository(on: database)
        let created = try await employees.create(Requests.employee())
        await #expect(throws: OptimisticLockError.self) {
            _ = try await employees.softDelete(id: created.id, expectedVersion: created.version + 5)
        }
        _ = try await ProductRepository(on: database).create(Requests.product())
        let lines = records.all
        #expect(lines.count == 2)
        #expect(Self.string(lines.last?.metadata[AccessLog.Keys.operation]) == "softDelete")
        #expect(Self.string(lines.last?.metadata[AccessLog.Keys.outcome]) == "conflict")
        #expect(Self.keys(lines.last?.metadata[AccessLog.Keys.keys]) == [created.id.uuidString.lowercased()])
    }
}
