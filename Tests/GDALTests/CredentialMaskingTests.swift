import GDAL
import XCTest

/// No password reaches a message, whatever the connection string's syntax.
final class CredentialMaskingTests: XCTestCase {
    func testEveryPasswordSyntaxIsMasked() {
        for (given, masked) in [
            ("PG:host=db password=x dbname=t", "PG:host=db password=*** dbname=t"),
            ("PG:host=db password = 's3cret pw' dbname=t", "PG:host=db password = *** dbname=t"),
            (#"PG:host=db password='it\'s' user=u"#, "PG:host=db password=*** user=u"),
            ("PG:host=db PASSWORD=Hunter2", "PG:host=db PASSWORD=***"),
            ("PG:Password =x", "PG:Password =***"),
            ("PG:postgresql://ann:pw@db.example/t", "PG:postgresql://ann:***@db.example/t"),
            ("postgres://ann:p%40ss:w@10.0.0.1:5432/t?sslmode=require", "postgres://ann:***@10.0.0.1:5432/t?sslmode=require"),
            ("cannot connect to \"PG:password=abc host=x\": refused", "cannot connect to \"PG:password=*** host=x\": refused"),
            ("PG:host=db dbname=t", "PG:host=db dbname=t"),
            ("PG:postgresql://ann@db/t", "PG:postgresql://ann@db/t"),
        ] {
            let result = VectorDataset.redactingPasswords(given)
            XCTAssertEqual(result, masked, given)
            for secret in ["s3cret", "Hunter2", "it\\'s", "abc", ":pw@", "p%40ss"] where given.contains(secret) {
                XCTAssertFalse(result.contains(secret), "\(given) -> \(result)")
            }
        }
    }
}
