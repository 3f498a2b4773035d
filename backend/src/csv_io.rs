//! Reading and writing CSV the way municipalities have it: UTF-8 (with or without BOM), `;` or `,`
//! separated, Dutch or English headers.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, http::header};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use crate::error::ApiError;

/// The largest CSV file accepted (about 100,000 candidate rows).
pub const CSV_LIMIT: usize = 32 * 1024 * 1024;

/// A `text/csv` request body, decoded as UTF-8.
#[derive(Debug)]
pub struct CsvBody(pub String);

impl FromRequest for CsvBody {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_csv = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|mime| mime == "text/csv");
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_csv {
                return Err(ApiError::UnsupportedMediaType { expected: "text/csv" });
            }
            let mut body = Vec::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| ApiError::BadRequest {
                    code: "malformed_csv",
                    detail: "Het bestand kon niet worden gelezen.".into(),
                })?;
                if body.len() + chunk.len() > CSV_LIMIT {
                    return Err(ApiError::PayloadTooLarge { limit: CSV_LIMIT });
                }
                body.extend_from_slice(&chunk);
            }
            let text = String::from_utf8(body).map_err(|_| ApiError::BadRequest {
                code: "malformed_csv",
                detail: "Het bestand is geen UTF-8. Sla het op als 'CSV UTF-8'.".into(),
            })?;
            Ok(CsvBody(text.trim_start_matches('\u{feff}').to_owned()))
        })
    }
}

/// `;` when the header line has more of them than commas, else `,`.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' }
}

/// A header reduced for matching: lower case without spaces, `-`, `_` or `.`.
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '.')).flat_map(char::to_lowercase).collect()
}

/// Parses the rows of `text` into header and records.
pub fn read(text: &str) -> Result<(Vec<String>, Vec<csv::StringRecord>), ApiError> {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter(text)).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let malformed = |error: csv::Error| ApiError::BadRequest { code: "malformed_csv", detail: format!("Het bestand is geen geldige CSV: {error}") };
    let headers = reader.headers().map_err(malformed)?.iter().map(str::to_owned).collect();
    let records = reader.records().collect::<Result<Vec<_>, _>>().map_err(malformed)?;
    Ok((headers, records))
}

/// Writes rows as `;`-separated CSV (what Dutch spreadsheet programs open directly), with a BOM so that
/// they read it as UTF-8.
pub fn write(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, ApiError> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let fault = |e: csv::Error| ApiError::Internal(anyhow::anyhow!("writing csv: {e}"));
    writer.write_record(headers).map_err(fault)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| neutralise_formula(cell))).map_err(fault)?;
    }
    let bytes = writer.into_inner().map_err(|e| ApiError::Internal(anyhow::anyhow!("writing csv: {e}")))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// An import with row errors is refused whole: every error as a field error named `rows[N].field`.
pub fn rejected(errors: Vec<shared::imports::RowError>) -> ApiError {
    ApiError::Validation(
        errors
            .into_iter()
            .map(|e| shared::problem::InvalidParam::new(format!("rows[{}].{}", e.row, e.field), e.code, e.reason))
            .collect(),
    )
}

/// The answer of an export: the CSV as a download named `filename`.
pub fn attachment(filename: &str, csv: String) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .body(csv)
}

/// A cell that a spreadsheet would run as a formula gets a leading quote (CSV injection).
fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@') if cell.parse::<f64>().is_err() => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_taken_from_the_header() {
        assert_eq!(delimiter("voornaam;achternaam;bsn\nA;B;C"), b';');
        assert_eq!(delimiter("firstName,lastName\nA,B"), b',');
    }

    #[test]
    fn headers_match_whatever_their_spelling() {
        assert_eq!(header_key("Uren per week"), "urenperweek");
        assert_eq!(header_key("first_name"), "firstname");
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_kept() {
        assert_eq!(neutralise_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise_formula("-5000.00"), "-5000.00");
        let csv = write(&["a", "b"], vec![vec!["x;y".to_owned(), "1".to_owned()]].into_iter()).unwrap();
        assert_eq!(csv, "\u{feff}a;b\n\"x;y\";1\n");
    }
}
