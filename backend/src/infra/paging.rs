//! The list convention shared by every list endpoint: a [`Page`] body and a `Link` header (RFC 8288) with
//! `first`, `prev`, `next` and `last`.

use actix_web::{HttpRequest, HttpResponse, http::header};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QuerySelect, Select};
use serde::Serialize;
use shared::paging::{Page, PageRequest};

use crate::infra::error::ApiResult;

/// One page of `filtered` in the order `order` gives it, and the exact number of rows that match.
pub async fn fetch<E: EntityTrait>(
    db: &impl ConnectionTrait,
    filtered: Select<E>,
    order: impl FnOnce(Select<E>) -> Select<E>,
    paging: PageRequest,
) -> ApiResult<(Vec<E::Model>, u64)>
where
    E::Model: Send + Sync,
{
    let total = filtered.clone().count(db).await?;
    let rows = order(filtered).offset(paging.offset()).limit(paging.page_size).all(db).await?;
    Ok((rows, total))
}

pub fn respond<T: Serialize>(req: &HttpRequest, page: Page<T>) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    if let Some(link) = link_header(req.path(), req.query_string(), &page) {
        response.insert_header((header::LINK, link));
    }
    response.json(page)
}

fn link_header<T>(path: &str, query: &str, page: &Page<T>) -> Option<String> {
    if page.total_pages == 0 {
        return None;
    }
    let others: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let url = |number: u64| {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        serializer.extend_pairs(others.iter());
        serializer.append_pair("page", &number.to_string());
        format!("<{path}?{}>", serializer.finish())
    };
    let mut links = vec![format!("{}; rel=\"first\"", url(1))];
    if page.page > 1 {
        links.push(format!("{}; rel=\"prev\"", url((page.page - 1).min(page.total_pages))));
    }
    if page.page < page.total_pages {
        links.push(format!("{}; rel=\"next\"", url(page.page + 1)));
    }
    links.push(format!("{}; rel=\"last\"", url(page.total_pages)));
    Some(links.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::paging::PageRequest;

    #[test]
    fn a_middle_page_links_every_direction_and_keeps_the_filters() {
        let page: Page<u8> = Page::new(vec![], PageRequest { page: 2, page_size: 10 }, 35);
        let link = link_header("/api/v1/users", "role=admin&page=2&pageSize=10", &page).unwrap();
        assert!(link.contains("</api/v1/users?role=admin&pageSize=10&page=1>; rel=\"first\""), "{link}");
        assert!(link.contains("page=1>; rel=\"prev\""));
        assert!(link.contains("page=3>; rel=\"next\""));
        assert!(link.contains("page=4>; rel=\"last\""));
    }

    #[test]
    fn an_empty_list_has_no_links() {
        let page: Page<u8> = Page::new(vec![], PageRequest::default(), 0);
        assert!(link_header("/x", "", &page).is_none());
    }
}
