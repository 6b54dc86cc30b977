/// Writes N-entity spec sets of a realistic shape: every field type, refs to earlier entities, an index.
enum SpecSynthesizer {
    /// The spec files (path, text) of an N-entity domain.
    static func specs(count: Int) -> [(path: String, text: String)] {
        (0..<count).map { index in
            let name = "Entity\(index)"
            var text = """
            entity: \(name)
            description: Synthesized entity number \(index).
            json_data: \(index % 10 == 0)
            fields:
              name: { type: string, min_length: 1, max_length: 200, description: The display name. }
              email: { type: string, max_length: 320, format: email, unique: true }
              status: { type: enum, values: [draft, active, archived], default: draft }
              amount: { type: decimal, precision: 12, scale: 2, minimum: 0, default: 0 }
              quantity: { type: int, minimum: 0, maximum: 100000 }
              ratio: { type: double, nullable: true }
              tags: { type: array, items: string, max_length: 32, max_items: 20, default: [] }
              notes: { type: text, nullable: true }
              happened_on: { type: date, nullable: true }
              seen_at: { type: timestamp, nullable: true }

            """
            if index > 0 {
                text += "  parent_id: { type: ref, entity: Entity\(index - 1), nullable: true }\n"
            }
            if index % 7 == 0 {
                text += "  embedding: { type: vector, dimensions: 16, nullable: true, index: hnsw }\n"
            }
            text += """
            indexes:
              - fields: [status, created_at]

            """
            return ("specs/entity_\(index).yaml", text)
        }
    }
}
