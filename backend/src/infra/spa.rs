//! Serving the SPA: its built files from the static directory, and `index.html` for every other non-API
//! path so that the client-side router can take it (history mode). `/api/...` never falls back.
//!
//! `cargo xtask build-spa` writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text and wasm file
//! and gives the wasm, its JavaScript glue, `boot.js`, the style sheets, the lazily loaded page modules and
//! their loader content-hashed names (`frontend-<16 hex>.js`, `frontend-<16 hex>_bg.wasm`,
//! `wasm-split-<16 hex>.js`, `split_candidates-<16 hex>.wasm`, `chunk_3-<16 hex>.wasm`, ...), each named
//! only by the file that loads it (`index.html` -> `boot-*.js` -> the glue -> the wasm and the loader ->
//! the page modules). So:
//! - the copy that the request's `Accept-Encoding` allows is sent as it is, brotli first, then gzip, then
//!   the plain file, with `Content-Encoding` and `Vary: Accept-Encoding` (the `Compress` middleware leaves
//!   an answer that has a `Content-Encoding` alone);
//! - a hashed name never changes its content: `Cache-Control: public, max-age=31536000, immutable`;
//!   `index.html` and every other name: `no-cache` (revalidated with its ETag on every use), so a new
//!   build is picked up at the next load.
//!
//! A missing path with a file extension (an old hashed name, `/favicon.ico`) is a 404, not `index.html`:
//! the browser would otherwise try to run HTML as a script.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::dev::HttpServiceFactory;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::AppState;

const INDEX: &str = "index.html";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

struct StaticDir(PathBuf);

/// Every method on every path that no earlier service took: mount it last.
pub fn service(static_dir: PathBuf) -> impl HttpServiceFactory {
    web::scope("").app_data(web::Data::new(StaticDir(static_dir))).default_service(web::to(serve))
}

async fn serve(req: HttpRequest, dir: web::Data<StaticDir>) -> HttpResponse {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return match req.app_data::<web::Data<AppState>>().cloned() {
            Some(state) => crate::infra::middleware::api_fallback(req, state).await,
            None => HttpResponse::NotFound().finish(),
        };
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "GET, HEAD")).finish();
    }
    let relative = match path.trim_start_matches('/') {
        "" => INDEX,
        relative => relative,
    };
    if let Some(file) = file_in(&dir.0, relative) {
        return send(&req, &file);
    }
    let last = relative.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Niet gevonden.");
    }
    match file_in(&dir.0, INDEX) {
        Some(index) => send(&req, &index),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, REVALIDATE))
            .body("De webapp is niet gebouwd. Start met `cargo xtask run` (dat bouwt hem eerst)."),
    }
}

/// The regular file at `relative` inside `dir`; `None` for anything that could leave it (`..`, hidden
/// names, backslashes) or is not a file.
fn file_in(dir: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for segment in relative.split('/') {
        if segment.is_empty() || segment.starts_with('.') || segment.contains(['\\', ':', '%', '\0']) {
            return None;
        }
        path.push(segment);
    }
    path.is_file().then_some(path)
}

/// Whether `name` carries its content's hash as xtask writes it: `stem-<16 hex>.ext` or
/// `stem-<16 hex>_bg.wasm`.
pub fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `Accept-Encoding` allows `coding` (an explicit entry with q > 0, else a `*` with q > 0).
pub fn accepts(accept_encoding: Option<&str>, coding: &str) -> bool {
    let Some(value) = accept_encoding else { return false };
    let mut wildcard = false;
    for entry in value.split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return quality > 0.0;
        }
        if name == "*" {
            wildcard = quality > 0.0;
        }
    }
    wildcard
}

/// The precompressed copy of `file` that the request allows (brotli first), or the file itself.
fn variant(req: &HttpRequest, file: &Path) -> (PathBuf, Option<ContentEncoding>, bool) {
    let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
    let mut has_variants = false;
    for (suffix, coding, encoding) in [("br", "br", ContentEncoding::Brotli), ("gz", "gzip", ContentEncoding::Gzip)] {
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        let candidate = PathBuf::from(name);
        if candidate.is_file() {
            has_variants = true;
            if accepts(accept, coding) {
                return (candidate, Some(encoding), true);
            }
        }
    }
    (file.to_path_buf(), None, has_variants)
}

fn send(req: &HttpRequest, file: &Path) -> HttpResponse {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let extension = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or_default();
    let mime = actix_files::file_extension_to_mime(extension);
    let (served, encoding, has_variants) = variant(req, file);
    let named = match NamedFile::open(&served) {
        Ok(named) => named.set_content_type(mime).disable_content_disposition(),
        Err(_) => return HttpResponse::new(StatusCode::NOT_FOUND),
    };
    let named = match encoding {
        Some(encoding) => named.set_content_encoding(encoding),
        None => named,
    };
    let mut response = named.into_response(req);
    let headers = response.headers_mut();
    let cache = if is_hashed(name) { IMMUTABLE } else { REVALIDATE };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if has_variants {
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{accepts, is_hashed};

    #[test]
    fn hashed_names_are_the_ones_xtask_writes() {
        assert!(is_hashed("frontend-0123456789abcdef.js"));
        assert!(is_hashed("frontend-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("app-fedcba9876543210.css"));
        assert!(is_hashed("wasm-split-0123456789abcdef.js"));
        assert!(is_hashed("split_candidates-0123456789abcdef.wasm"));
        assert!(is_hashed("chunk_12-0123456789abcdef.wasm"));
        assert!(!is_hashed("wasm-split-________________.js"));
        assert!(!is_hashed("split_candidates.wasm"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("boot.js"));
        assert!(!is_hashed("frontend_bg.wasm"));
        assert!(!is_hashed("frontend-0123.js"));
        assert!(!is_hashed("tokens-design.css"));
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts(Some("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(Some("gzip, deflate, br, zstd"), "gzip"));
        assert!(!accepts(Some("gzip"), "br"));
        assert!(!accepts(Some("br;q=0, gzip"), "br"));
        assert!(accepts(Some("BR;Q=0.5"), "br"));
        assert!(accepts(Some("*"), "gzip"));
        assert!(!accepts(Some("*;q=0"), "gzip"));
        assert!(!accepts(Some("identity"), "gzip"));
        assert!(!accepts(None, "gzip"));
    }
}
