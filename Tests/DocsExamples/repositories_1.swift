// Compiled from docs/repositories.md (Swift block 1) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// A service's start-up and one unit of its work.
func runShop(databaseURL: String, keyring: [String: SymmetricKey]) async throws {
    let database = try Database(url: databaseURL)  // e.g. postgres://app:secret@db:5432/app?sslmode=verify-full
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await database.run() }     // the pool's background work, until the group is cancelled
        // Key id → 256-bit key (swift-crypto's SymmetricKey), from your secret store; new values use currentKeyID.
        let cipher = try FieldCipher(keys: keyring, currentKeyID: "2026-12")
        let customers = CustomerRepository(on: database, cipher: cipher)  // cipher: entities with a sensitive field
        let created = try await customers.create(CustomerCreate(name: "Ada", email: "ada@example.com"))
        let change = CustomerPatch(expectedVersion: created.version).setting(\.name, to: "Ada Lovelace")
        let renamed = try await customers.update(id: created.id, change)
        print(renamed.name, renamed.version)       // Ada Lovelace 2
        group.cancelAll()                          // ends database.run(): the service is shutting down
    }
}
