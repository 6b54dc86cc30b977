import PostgresNIO
import Testing

/// Rows written between migrations, so that the migrations run on tables with data (backfills, USING casts,
/// validations and renames are exercised on real rows), and what must hold for them after later ones.
enum Seeds {
    /// Inserts the rows of a revision, if it has any. `withNullTier` adds a customer without a tier at
    /// rev4 (which rev8 backfills; a downgrade from rev4 to rev3, which makes tier NOT NULL again, refuses it).
    static func seed(after revision: Int, on connection: PostgresConnection, withNullTier: Bool) async throws {
        switch revision {
        case 1:
            try await connection.run("""
                INSERT INTO customers (name, email, status, score, note, tags)
                VALUES ('Ada', 'ada@example.com', 'active', 7, 'first', ARRAY['vip']), ('Bob', 'bob@example.com', 'closed', 3, NULL, '{}')
                """)
            try await connection.run("""
                INSERT INTO products (sku, title, price, embedding) VALUES ('LAMP-1', 'Lamp', 12.50, '[1,0,0,0]'), ('DESK-1', 'Desk', 99.99, NULL)
                """)
            try await connection.run("INSERT INTO legacies (code) VALUES ('L1')")
        case 2:
            try await connection.run("INSERT INTO invoices (customer_id, amount) SELECT customer_id, 10 FROM customers WHERE email = 'ada@example.com'")
        case 4 where withNullTier:
            try await connection.run("INSERT INTO customers (name, email_address, score, tier) VALUES ('Cy', 'cy@example.com', 1, NULL)")
        default:
            break
        }
    }

    /// Checks what the migrations up to `revision` must have done to the seeded rows.
    static func verify(after revision: Int, on connection: PostgresConnection, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        switch revision {
        case 2:
            #expect(try await connection.text("SELECT count(*)::text FROM customers WHERE token IS NULL") == "0",
                    "rev2 backfills token in existing rows", sourceLocation: sourceLocation)
            #expect(try await connection.text("SELECT count(DISTINCT token)::text FROM customers") == "2",
                    "each row gets its own token", sourceLocation: sourceLocation)
            #expect(try await connection.text("SELECT string_agg(tier, ',') FROM customers") == "basic,basic",
                    "rev2's constant default fills existing rows", sourceLocation: sourceLocation)
        case 3:
            #expect(try await connection.text("SELECT remark || ' ' || email_address || ' ' || score::text FROM customers WHERE name = 'Ada'")
                    == "first ada@example.com 7", "renamed and retyped columns keep their values", sourceLocation: sourceLocation)
        case 5:
            #expect(try await connection.text("SELECT embedding::text FROM products WHERE sku = 'LAMP-1'") == "[1,0,0,0,0,0,0,0]",
                    "rev5 pads embeddings with zeros", sourceLocation: sourceLocation)
            #expect(try await connection.text("SELECT (embedding IS NULL)::text FROM products WHERE sku = 'DESK-1'") == "true",
                    "a NULL embedding stays NULL", sourceLocation: sourceLocation)
        case 8:
            #expect(try await connection.text("SELECT count(*)::text FROM customers WHERE tier = 'basic'")
                    == (try await connection.text("SELECT count(*)::text FROM customers")), "rev8 backfills tier", sourceLocation: sourceLocation)
            #expect(try await connection.text("SELECT price::text FROM products WHERE sku = 'LAMP-1'") == "12.5000",
                    "rev8 keeps prices exactly", sourceLocation: sourceLocation)
        default:
            break
        }
    }
}
