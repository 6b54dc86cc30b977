// Compiled from docs/repositories.md (Swift block 2) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// A patch that renames a customer and clears their credit.
func renameAndClear(_ customer: Customer) -> CustomerPatch {
    var patch = CustomerPatch(expectedVersion: customer.version).setting(\.name, to: "Ada Lovelace")
    patch[\.credit] = .set(nil)              // NULL; `.unchanged` leaves the field alone
    return patch
}
