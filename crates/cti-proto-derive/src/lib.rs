//! `#[derive(Wire)]`: the decoding, encoding, generators and JSON Schema of a cti-proto
//! wire object, from a plain struct and `#[wire(...)]` attributes.
//!
//! ```ignore
//! /// `dial`: call `destination` from the user's phone.
//! #[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
//! #[non_exhaustive]
//! #[wire(command = "dial", new)]
//! pub struct Dial {
//!     /// Number to call.
//!     #[wire(new)]
//!     pub destination: String,
//!     /// Call variables; left out when the caller passed none.
//!     pub variables: Maybe<Variables>,
//!     /// Fields of the object that this message does not define, kept as received.
//!     pub extra: Extra,
//! }
//! ```
//!
//! On the struct: the message's wire tag, `event = "PhoneEvent"` (a server event's
//! `msgType`), `command = "dial"` (a client command's `command`; the frame's `claz` and
//! `command` are then tags, not fields) or `claz = "ping"` (a command tagged by its `claz`),
//! which writes `cti_proto::WireMessage`, with `deprecated_for = "..."` for a deprecated
//! message; `skip("event")` passes over a tag an enclosing decoder reads (the `event` of a
//! `FlashTextEvent`); `new` writes a constructor taking the fields marked `new`. On a
//! field: `key = "DN"` when the wire key is not the camel-case field name, `no_null` when
//! clients break on `null`, `new` to take the field in the constructor. The field
//! `extra: Extra` keeps the fields the struct does not name.
//!
//! A misuse is one error, at what is wrong (`Option<T>` for `Maybe<T>`, `u32`, `f64`, a
//! value on a flag, a `key` not a string, ...): the impls are still written, with bodies
//! that never run, so the code using the struct adds no error of its own.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, Ident, LitStr, Type};

/// The tag keys that an enclosing decoder reads before the object's fields: a command
/// frame's `claz` and `command` (implied by `command = "..."` and `claz = "..."`), and the
/// `event` of a `FlashTextEvent`.
const TAG_KEYS: &[&str] = &["claz", "command", "event"];

/// Writes `FromWire` (with where the fields hold a `Secret`, from their types),
/// `Serialize`, `Deserialize`, the constructor, and behind the crate's features the
/// proptest, arbitrary and schemars impls of a wire object.
#[proc_macro_derive(Wire, attributes(wire))]
pub fn derive_wire(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            // The tag too, when it was read: a table naming the struct adds no error either.
            let message = recover_message(&input).map(|message| message.impl_for(&input.ident));
            let fallback = fallback(&input.ident, &error);
            quote!(#fallback #message).into()
        }
    }
}

/// Where a message's tag sits.
#[derive(Clone, Copy, PartialEq)]
enum TagKey {
    /// `event = "..."`: a server event's `msgType`.
    Event,
    /// `command = "..."`: a client command's `command` (its `claz` is `"web"`).
    Command,
    /// `claz = "..."`: a client command tagged by its `claz` (the heartbeat).
    Claz,
}

impl TagKey {
    fn attribute(self) -> &'static str {
        match self {
            TagKey::Event => "event",
            TagKey::Command => "command",
            TagKey::Claz => "claz",
        }
    }

    /// The key of the frame that holds the tag.
    fn wire_key(self) -> &'static str {
        match self {
            TagKey::Event => "msgType",
            TagKey::Command => "command",
            TagKey::Claz => "claz",
        }
    }

    /// The tag keys of the frame that sit beside the fields, which the struct passes over.
    fn skips(self) -> &'static [&'static str] {
        match self {
            TagKey::Event => &[],
            TagKey::Command => &["claz", "command"],
            TagKey::Claz => &["claz"],
        }
    }
}

/// The wire tag of a message struct.
struct Message {
    key: TagKey,
    tag: LitStr,
    replacement: Option<LitStr>,
}

impl Message {
    /// `WireMessage` for the struct.
    fn impl_for(&self, name: &Ident) -> Tokens {
        let (tag, key) = (&self.tag, self.key.wire_key());
        let direction = match self.key {
            TagKey::Event => quote!(ServerToClient),
            TagKey::Command | TagKey::Claz => quote!(ClientToServer),
        };
        let duplicate = format!(
            "two message types have the wire tag `{}` (in `{key}`): each message has its own tag",
            tag.value()
        );
        let deprecation = self.replacement.as_ref().map(|replacement| {
            let sentence = format!(
                "`{}` is deprecated: use `{}`",
                tag.value(),
                replacement.value()
            );
            quote! {
                const REPLACEMENT: Option<&'static str> = Some(#replacement);
                const DEPRECATION: Option<&'static str> = Some(#sentence);
            }
        });
        quote! {
            impl ::cti_proto::WireMessage for #name {
                const DIRECTION: ::cti_proto::Direction = ::cti_proto::Direction::#direction;
                const TAG_KEY: &'static str = #key;
                const TAG: &'static str = #tag;
                #deprecation
                const DUPLICATE: &'static str = #duplicate;
            }
        }
    }
}

/// The struct's `wire` attributes.
struct StructAttrs {
    /// The tag keys passed over: written with `skip(...)`, or implied by the tag.
    skips: Vec<LitStr>,
    constructor: bool,
    message: Option<Message>,
}

/// A string value, or the error saying what `name` takes.
fn string_value(
    meta: &syn::meta::ParseNestedMeta,
    name: &str,
    example: &str,
) -> syn::Result<LitStr> {
    match meta.value()?.parse::<syn::Expr>()? {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Ok(text),
        other => Err(syn::Error::new(
            other.span(),
            format!("`{name}` takes a string: `#[wire({name} = \"{example}\")]`"),
        )),
    }
}

/// The first tag written on the struct, read past what is wrong in its attributes, for a
/// misuse's [`fallback`].
fn recover_message(input: &DeriveInput) -> Option<Message> {
    let mut tag: Option<(TagKey, LitStr)> = None;
    let mut replacement: Option<LitStr> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        // An error stops the attribute; what was read before it is kept.
        let _ = attr.parse_nested_meta(|meta| {
            let key = [TagKey::Event, TagKey::Command, TagKey::Claz]
                .into_iter()
                .find(|key| meta.path.is_ident(key.attribute()));
            if meta.input.peek(syn::Token![=]) {
                let value = meta.value()?.parse::<syn::Expr>()?;
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = value
                {
                    match key {
                        Some(key) if tag.is_none() => tag = Some((key, text)),
                        _ if meta.path.is_ident("deprecated_for") => replacement = Some(text),
                        _ => {}
                    }
                }
            } else if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                content.parse::<Tokens>()?;
            }
            Ok(())
        });
    }
    tag.map(|(key, tag)| Message {
        key,
        tag,
        replacement,
    })
}

fn struct_attrs(input: &DeriveInput) -> syn::Result<StructAttrs> {
    let mut skips: Vec<LitStr> = Vec::new();
    let mut constructor = false;
    let mut tag: Option<(TagKey, LitStr)> = None;
    let mut replacement: Option<LitStr> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        attr.parse_nested_meta(|meta| {
            let key = [TagKey::Event, TagKey::Command, TagKey::Claz]
                .into_iter()
                .find(|key| meta.path.is_ident(key.attribute()));
            if let Some(key) = key {
                let example = match key {
                    TagKey::Event => "PhoneEvent",
                    TagKey::Command => "dial",
                    TagKey::Claz => "ping",
                };
                let value = string_value(&meta, key.attribute(), example)?;
                if let Some((first, _)) = &tag {
                    return Err(syn::Error::new(
                        meta.path.span(),
                        format!(
                            "a message has one tag: `{}` and `{}` on one struct (an event has `event`, a command `command` or `claz`)",
                            first.attribute(),
                            key.attribute()
                        ),
                    ));
                }
                tag = Some((key, value));
                Ok(())
            } else if meta.path.is_ident("deprecated_for") {
                replacement = Some(string_value(&meta, "deprecated_for", "searchContacts")?);
                Ok(())
            } else if meta.path.is_ident("skip") {
                let content;
                syn::parenthesized!(content in meta.input);
                let keys = content.parse_terminated(|input| input.parse::<LitStr>(), syn::Token![,])?;
                for key in keys {
                    if !TAG_KEYS.contains(&key.value().as_str()) {
                        return Err(syn::Error::new(
                            key.span(),
                            format!(
                                "only tag keys can be skipped (`claz`, `command`, `event`), not `{}`: name a field for it instead",
                                key.value()
                            ),
                        ));
                    }
                    skips.push(key);
                }
                Ok(())
            } else if meta.path.is_ident("new") {
                constructor = true;
                flag(&meta, "new")
            } else {
                Err(meta.error(
                    "unknown `wire` attribute on a struct: expected `event = \"...\"`, `command = \"...\"`, `claz = \"...\"`, `deprecated_for = \"...\"`, `skip(\"event\")` or `new`",
                ))
            }
        })?;
    }
    let message = match (tag, replacement) {
        (Some((key, tag)), replacement) => {
            if let Some(skip) = skips.iter().find(|skip| key.skips().contains(&skip.value().as_str())) {
                return Err(syn::Error::new(
                    skip.span(),
                    format!(
                        "`{}` is a tag of this message (`{} = ...`): it is skipped already",
                        skip.value(),
                        key.attribute()
                    ),
                ));
            }
            skips.extend(key.skips().iter().map(|skip| LitStr::new(skip, tag.span())));
            Some(Message { key, tag, replacement })
        }
        (None, Some(replacement)) => {
            return Err(syn::Error::new(
                replacement.span(),
                "`deprecated_for` is for a message: give the struct its tag (`event = \"...\"` or `command = \"...\"`)",
            ))
        }
        (None, None) => None,
    };
    Ok(StructAttrs {
        skips,
        constructor,
        message,
    })
}

/// A misuse's error, beside the impls with bodies that never run (the error stops the
/// build), as thiserror does: the code using the struct then adds no error of its own.
fn fallback(name: &Ident, error: &syn::Error) -> Tokens {
    let p = quote!(::cti_proto::__private);
    let never = quote!(::core::unreachable!());
    let error = error.to_compile_error();
    let impls = impls(
        name,
        &Bodies {
            write_fields: never.clone(),
            from_wire: quote! {
                fn from_wire<'de, D: #p::serde::Deserializer<'de>>(_: D, _: &#p::Context) -> Result<Self, D::Error> {
                    #never
                }
            },
            proptest: never.clone(),
            arbitrary: never.clone(),
            schema: never,
            // proptest's impls need `Debug`: without it, say nothing more either.
            proptest_bounds: quote!(where for<'w> #name: ::core::fmt::Debug),
            ..Bodies::default()
        },
    );
    quote! {
        #error
        #impls
    }
}

/// The bodies of the impls that differ between a struct and a misuse's [`fallback`], and
/// their `where` clauses.
#[derive(Default)]
struct Bodies {
    /// The bounds of the serde and `FromWire` impls.
    wire_bounds: Tokens,
    proptest_bounds: Tokens,
    arbitrary_bounds: Tokens,
    schema_bounds: Tokens,
    write_fields: Tokens,
    /// The items of `FromWire`.
    from_wire: Tokens,
    proptest: Tokens,
    arbitrary: Tokens,
    schema: Tokens,
}

/// The trait impls of a wire object, around their bodies.
fn impls(name: &Ident, bodies: &Bodies) -> Tokens {
    let p = quote!(::cti_proto::__private);
    let name_str = name.to_string();
    let Bodies {
        wire_bounds,
        proptest_bounds,
        arbitrary_bounds,
        schema_bounds,
        write_fields,
        from_wire,
        proptest,
        arbitrary,
        schema,
    } = bodies;
    quote! {
        impl #p::WireFields for #name #wire_bounds {
            #[allow(unused_variables)]
            fn write_fields<M: #p::serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                #write_fields
            }
        }

        impl #p::serde::Serialize for #name #wire_bounds {
            fn serialize<S: #p::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use #p::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #p::WireFields::write_fields(self, &mut map)?;
                map.end()
            }
        }

        impl<'de> #p::serde::Deserialize<'de> for #name #wire_bounds {
            fn deserialize<D: #p::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #p::FromWire::from_wire(deserializer, &#p::Context::detached())
            }
        }

        impl #p::FromWire for #name #wire_bounds {
            #from_wire
        }

        #[cfg(feature = "proptest")]
        impl #p::proptest::arbitrary::Arbitrary for #name #proptest_bounds {
            type Parameters = ();
            type Strategy = #p::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                #proptest
            }
        }

        #[cfg(feature = "proptest")]
        impl #p::arb::Gen for #name #proptest_bounds {
            fn gen() -> #p::proptest::strategy::BoxedStrategy<Self> {
                #p::proptest::strategy::Strategy::boxed(#p::proptest::arbitrary::any::<#name>())
            }
        }

        #[cfg(feature = "arbitrary")]
        impl<'a> #p::arbitrary::Arbitrary<'a> for #name #arbitrary_bounds {
            #[allow(unused_variables)]
            fn arbitrary(u: &mut #p::arbitrary::Unstructured<'a>) -> #p::arbitrary::Result<Self> {
                #arbitrary
            }
        }

        #[cfg(feature = "schema")]
        impl #p::schemars::JsonSchema for #name #schema_bounds {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                #name_str.into()
            }
            #[allow(unused_mut, unused_variables)]
            fn json_schema(generator: &mut #p::schemars::SchemaGenerator) -> #p::schemars::Schema {
                #schema
            }
        }
    }
}

struct Field {
    ident: Ident,
    ty: Type,
    key: String,
    docs: Vec<LitStr>,
    no_null: bool,
    new: bool,
}

fn docs(attrs: &[Attribute]) -> Vec<LitStr> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A flag attribute (`no_null`, `new`) takes no value.
fn flag(meta: &syn::meta::ParseNestedMeta, name: &str) -> syn::Result<()> {
    if !meta.input.peek(syn::Token![=]) {
        return Ok(());
    }
    let value = meta.value()?.parse::<syn::Expr>()?;
    Err(syn::Error::new(
        value.span(),
        format!("`{name}` takes no value: write `#[wire({name})]`"),
    ))
}

/// The field types that read like a wire type but are not one, with the type to use; in a
/// `Vec`, `Maybe` or `Nullable` too.
fn unsupported(ty: &Type) -> Option<syn::Error> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let name = last.ident.to_string();
    let sentence = match name.as_str() {
        "Option" => Some(
            "`Option<T>` is not a wire field type: use `Maybe<T>`, which keeps whether the key was absent or `null`"
                .to_owned(),
        ),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i128" | "isize" => {
            Some(format!(
                "`{name}` is not a wire field type: the wire's integers are `i32` or `i64`"
            ))
        }
        "f32" | "f64" => Some(format!(
            "`{name}` is not a wire field type: use `Number`, which keeps a JSON number as sent"
        )),
        _ => None,
    };
    if let Some(sentence) = sentence {
        return Some(syn::Error::new_spanned(ty, sentence));
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(inner) => unsupported(inner),
        _ => None,
    })
}

/// `agent_phone_number` -> `agentPhoneNumber`.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            Span::call_site(),
            "`#[derive(Wire)]` is for structs with named fields (a JSON object); coded values are `open_enum!`",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            data.fields.span(),
            "`#[derive(Wire)]` needs named fields: each is a key of the JSON object",
        ));
    };

    // The struct's attributes.
    let StructAttrs {
        skips,
        constructor,
        message,
    } = struct_attrs(input)?;

    // The fields.
    let mut fields = Vec::new();
    let mut extra = None;
    for field in &named.named {
        let ident = field.ident.clone().expect("named field");
        if ident == "extra" {
            extra = Some(field);
            if let Some(attr) = field.attrs.iter().find(|a| a.path().is_ident("wire")) {
                return Err(syn::Error::new(
                    attr.span(),
                    "`extra` keeps the unknown fields as received: it takes no `wire` attribute",
                ));
            }
            continue;
        }
        let mut key = None;
        let mut no_null = false;
        let mut new = false;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("wire")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("key") {
                    match meta.value()?.parse::<syn::Expr>()? {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(text),
                            ..
                        }) => {
                            key = Some(text.value());
                            Ok(())
                        }
                        other => Err(syn::Error::new(
                            other.span(),
                            "`key` takes the wire key as a string: `#[wire(key = \"DN\")]`",
                        )),
                    }
                } else if meta.path.is_ident("no_null") {
                    no_null = true;
                    flag(&meta, "no_null")
                } else if meta.path.is_ident("new") {
                    new = true;
                    flag(&meta, "new")
                } else {
                    Err(meta.error(
                        "unknown `wire` attribute on a field: expected `key = \"...\"`, `no_null` or `new`",
                    ))
                }
            })?;
        }
        if let Some(error) = unsupported(&field.ty) {
            return Err(error);
        }
        let nullable = match &field.ty {
            Type::Path(path) => path
                .path
                .segments
                .last()
                .is_some_and(|last| last.ident == "Maybe" || last.ident == "Nullable"),
            _ => false,
        };
        if no_null && !nullable {
            return Err(syn::Error::new(
                field.ty.span(),
                "`#[wire(no_null)]` is for a `Maybe<T>` field: other types never hold `null`",
            ));
        }
        let key = key.unwrap_or_else(|| camel_case(&ident.to_string()));
        if let Some(skip) = skips.iter().find(|skip| skip.value() == key) {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "the key `{}` is a tag this struct skips: a field cannot read it (rename the field or give it `#[wire(key = \"...\")]`)",
                    skip.value()
                ),
            ));
        }
        if let Some(first) = fields.iter().find(|f: &&Field| f.key == key) {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "two fields read the wire key `{key}` (`{}` and `{ident}`): give one of them `#[wire(key = \"...\")]`",
                    first.ident
                ),
            ));
        }
        if new && !constructor {
            return Err(syn::Error::new(
                ident.span(),
                "`#[wire(new)]` on a field needs `#[wire(new)]` on the struct",
            ));
        }
        fields.push(Field {
            ident,
            ty: field.ty.clone(),
            key,
            docs: docs(&field.attrs),
            no_null,
            new,
        });
    }
    if extra.is_none() {
        return Err(syn::Error::new(
            named.span(),
            "a wire object needs the field `pub extra: Extra`, where the fields it does not name are kept",
        ));
    }

    let p = quote!(::cti_proto::__private);
    let name_str = name.to_string();
    let struct_docs = docs(&input.attrs);
    let idents: Vec<&Ident> = fields.iter().map(|f| &f.ident).collect();
    let types: Vec<&Type> = fields.iter().map(|f| &f.ty).collect();
    let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
    let field_docs: Vec<&Vec<LitStr>> = fields.iter().map(|f| &f.docs).collect();

    // Every field type reads through `FromWire`; say so at the field when it does not.
    let checks = fields.iter().map(|f| {
        let ty = &f.ty;
        quote_spanned! {ty.span()=>
            const _: fn() = || {
                fn wire_field<T: #p::FromWire>() {}
                wire_field::<#ty>();
            };
        }
    });

    // Where each field holds secrets; at the field, as the check above, which says it once.
    let secrets = fields.iter().map(|f| {
        let ty = &f.ty;
        quote_spanned!(ty.span()=> <#ty as #p::FromWire>::SECRETS)
    });

    let constructor = constructor.then(|| {
        let args = fields.iter().filter(|f| f.new).map(|f| {
            let (ident, ty) = (&f.ident, &f.ty);
            quote!(#ident: impl Into<#ty>)
        });
        let inits = fields.iter().filter(|f| f.new).map(|f| {
            let ident = &f.ident;
            quote!(#ident: #ident.into())
        });
        quote! {
            impl #name {
                /// The message with these fields; the optional ones absent.
                pub fn new(#(#args),*) -> #name {
                    #name { #(#inits,)* ..Default::default() }
                }
            }
        }
    });

    let attr_checks = fields.iter().map(|f| {
        f.no_null.then(|| {
            let key = &f.key;
            quote!(#p::attr::no_null::<_, A::Error>(cx, &value, #key, #name_str)?;)
        })
    });
    let schema_marks = fields
        .iter()
        .map(|f| f.no_null.then(|| quote!(#p::schema::no_null(&mut field);)));

    let skip_arms = skips
        .iter()
        .map(|skip| quote!(#skip => { map.next_value::<#p::serde::de::IgnoredAny>()?; }));

    let slot_idents: Vec<Ident> = fields
        .iter()
        .map(|f| format_ident!("__{}", f.ident))
        .collect();

    // Nested pairs for proptest (its tuples stop at 12).
    let mut strategy = quote!(#p::proptest::strategy::Just(()));
    let mut pattern = quote!(());
    let mut all_idents: Vec<Tokens> = idents.iter().map(|i| quote!(#i)).collect();
    all_idents.push(quote!(extra));
    let mut all_types: Vec<Tokens> = types.iter().map(|t| quote!(#t)).collect();
    all_types.push(quote!(#p::Extra));
    for (ident, ty) in all_idents.iter().zip(&all_types).rev() {
        strategy = quote!((<#ty as #p::arb::Gen>::gen(), #strategy));
        pattern = quote!((#ident, #pattern));
    }

    let write_fields = quote! {
        #(
            if !#p::FromWire::is_absent(&self.#idents) {
                map.serialize_entry(#keys, &self.#idents)?;
            }
        )*
        for (key, value) in self.extra.iter() {
            map.serialize_entry(key, value)?;
        }
        Ok(())
    };

    let from_wire = quote! {
        const SECRETS: #p::Secrets = #p::Secrets::object(&[#( (#keys, #secrets), )*]);

        fn from_wire<'de, D: #p::serde::Deserializer<'de>>(deserializer: D, cx: &#p::Context) -> Result<Self, D::Error> {
            // Generic, so that it needs no bound of its own: the impl's hold here.
            struct V<'c, T>(&'c #p::Context, ::core::marker::PhantomData<T>);
            impl<'de, T: #p::FromWire> #p::serde::de::Visitor<'de> for V<'_, T> {
                type Value = T;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(concat!("an object (", #name_str, ")"))
                }
                fn visit_map<A: #p::serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::from_map(map, self.0)
                }
            }
            deserializer.deserialize_map(V::<Self>(cx, ::core::marker::PhantomData))
        }

        #[allow(unused_mut)]
        fn from_map<'de, A: #p::serde::de::MapAccess<'de>>(mut map: A, cx: &#p::Context) -> Result<Self, A::Error> {
            #( let mut #slot_idents: Option<#types> = None; )*
            let mut extra = #p::Extra::new();
            let track = cx.tracker();
            while let Some(key) = map.next_key::<#p::WireStr<'de>>()? {
                match key.0.as_ref() {
                    #(
                        #keys => track.key(#keys, || {
                            if #slot_idents.is_some() {
                                return Err(<A::Error as #p::serde::de::Error>::duplicate_field(#keys));
                            }
                            let value = map.next_value_seed(#p::Wire::<#types>::new(cx))?;
                            #attr_checks
                            #slot_idents = Some(value);
                            Ok(())
                        })?,
                    )*
                    #(#skip_arms)*
                    other => track.key(other, || {
                        #p::tolerate::<A::Error>(
                            cx,
                            #p::DiagnosticCode::UnknownField,
                            || format!(concat!("unknown field `{}` in ", #name_str), other),
                        )?;
                        extra.push(other, map.next_value_seed(#p::Wire::<#p::RawJson>::new(cx))?);
                        Ok(())
                    })?,
                }
            }
            Ok(#name {
                #(
                    #idents: match #slot_idents {
                        Some(value) => value,
                        None => <#types as #p::FromWire>::missing()
                            .ok_or_else(|| <A::Error as #p::serde::de::Error>::missing_field(#keys))?,
                    },
                )*
                extra,
            })
        }
    };

    let proptest = quote! {
        use #p::proptest::strategy::Strategy;
        #strategy
            .prop_map(|#pattern| #name { #(#idents,)* extra })
            .boxed()
    };

    let arbitrary = quote! {
        Ok(#name { #(#idents: u.arbitrary()?,)* extra: u.arbitrary()? })
    };

    let schema = quote! {
        let mut properties = #p::serde_json::Map::new();
        let mut required = Vec::new();
        #(
            let mut field = #p::schema::field::<#types>(generator, &[#(#field_docs),*]);
            #schema_marks
            properties.insert(#keys.to_owned(), field);
            if <#types as #p::FromWire>::missing().is_none() {
                required.push(#keys);
            }
        )*
        #p::schema::object(&[#(#struct_docs),*], properties, required)
    };

    // Each impl holds only when the field types are wire types: when one is not, the check
    // above says so at the field, and the impls add no error of their own. (`for<'w>`
    // keeps the bound from being checked where it is written, as thiserror does.)
    let wire_bounds = quote!(where #( for<'w> #types: #p::FromWire + #p::serde::Serialize, )*);
    let proptest_bounds = quote!(where #( for<'w> #types: #p::arb::Gen, )*);
    let arbitrary_bounds = quote!(where #( #types: #p::arbitrary::Arbitrary<'a>, )*);
    let schema_bounds =
        quote!(where #( for<'w> #types: #p::FromWire + #p::schemars::JsonSchema, )*);
    let impls = impls(
        name,
        &Bodies {
            wire_bounds,
            proptest_bounds,
            arbitrary_bounds,
            schema_bounds,
            write_fields,
            from_wire,
            proptest,
            arbitrary,
            schema,
        },
    );

    let message = message.map(|message| message.impl_for(name));

    Ok(quote! {
        #(#checks)*

        #constructor

        #impls

        #message
    })
}
