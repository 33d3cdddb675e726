//! The one macro that writes a typestate layer from a list of edges.
//!
//! [`typestate!`] takes, per marker, the methods that leave it (`fn name(args) =
//! Action -> Target`). From that one list it generates the marker type, its
//! [`Sealed`](super::sealed::Sealed) and marker-trait impls (with the marker's
//! `TRANSITIONS` rows), the consuming methods, the `Any*` enum and the conversions,
//! and a compile-time assertion that the rows equal the runtime machine's table. A
//! method cannot exist without its row, and a row that disagrees with the runtime
//! table fails the build.

/// Generates one typestate layer; see the module docs.
///
/// Input, in order: `wrapper W, trait T, state S, action A, table EXPR;`, the
/// `Any*` enum (`#[doc] any NAME;`), then one block per marker:
/// `#[doc] Marker = RuntimeVariant { #[doc] fn method(arg: Ty, ..) = Action -> Target; .. }`.
/// `S` and `A` must be `#[repr(u8)]` enums in scope; `EXPR` is a `const` slice of
/// `Transition<S, A>`.
macro_rules! typestate {
    (
        wrapper $wrapper:ident, trait $trait:ident, state $state:ident, action $action:ident,
        table $table:expr;
        $(#[$any_meta:meta])*
        any $any:ident;
        $(
            $(#[$marker_meta:meta])*
            $marker:ident = $variant:ident {
                $(
                    $(#[$fn_meta:meta])*
                    fn $method:ident($($arg:ident: $arg_ty:ty),* $(,)?) = $act:ident -> $to:ident;
                )*
            }
        )+
    ) => {
        $(
            $(#[$marker_meta])*
            ///
            /// A marker type: it has no values and only appears as a type parameter.
            #[derive(Debug)]
            pub enum $marker {}

            impl $crate::typed::sealed::Sealed for $marker {}

            impl $trait for $marker {
                const STATE: $state = $state::$variant;
                const TRANSITIONS: &'static [Transition<$state, $action>] = &[
                    $(Transition::new($state::$variant, $action::$act, <$to as $trait>::STATE),)*
                ];
            }

            impl $wrapper<$marker> {
                $(
                    $(#[$fn_meta])*
                    #[inline]
                    pub fn $method(self $(, $arg: $arg_ty)*) -> $wrapper<$to> {
                        $(let _ = $arg;)*
                        $wrapper::make()
                    }
                )*
            }

            impl From<$wrapper<$marker>> for $any {
                #[inline]
                fn from(typed: $wrapper<$marker>) -> Self {
                    Self::$marker(typed)
                }
            }
        )+

        $(#[$any_meta])*
        #[derive(Debug)]
        pub enum $any {
            $(
                $(#[$marker_meta])*
                $marker($wrapper<$marker>),
            )+
        }

        impl $any {
            /// The runtime state of the value held.
            #[inline]
            #[must_use]
            pub const fn state(&self) -> $state {
                match self {
                    $(Self::$marker(_) => $state::$variant,)+
                }
            }

            /// The transitions the held marker's methods implement (its rows of the
            /// runtime table).
            #[must_use]
            pub const fn transitions(&self) -> &'static [Transition<$state, $action>] {
                match self {
                    $(Self::$marker(_) => <$marker as $trait>::TRANSITIONS,)+
                }
            }
        }

        impl From<$state> for $any {
            #[inline]
            fn from(state: $state) -> Self {
                match state {
                    $($state::$variant => Self::$marker($wrapper::make()),)+
                }
            }
        }

        impl From<$any> for $state {
            #[inline]
            fn from(any: $any) -> Self {
                any.state()
            }
        }

        impl<M: $trait> From<$wrapper<M>> for $state {
            #[inline]
            fn from(_: $wrapper<M>) -> Self {
                M::STATE
            }
        }

        impl<M: $trait> TryFrom<$state> for $wrapper<M> {
            type Error = $crate::typed::WrongState<$state>;
            #[inline]
            fn try_from(state: $state) -> Result<Self, Self::Error> {
                if state as u8 == M::STATE as u8 {
                    Ok(Self::make())
                } else {
                    Err($crate::typed::WrongState {
                        expected: M::STATE,
                        found: state,
                    })
                }
            }
        }

        impl<M: $trait> TryFrom<$any> for $wrapper<M> {
            type Error = $crate::typed::WrongState<$state>;
            #[inline]
            fn try_from(any: $any) -> Result<Self, Self::Error> {
                Self::try_from(any.state())
            }
        }

        impl<M: $trait> core::fmt::Debug for $wrapper<M> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_tuple(stringify!($wrapper)).field(&M::STATE).finish()
            }
        }

        /// Every marker's rows, as generated with the methods.
        const TYPED: &[&[Transition<$state, $action>]] = &[
            $(<$marker as $trait>::TRANSITIONS,)+
        ];

        /// Whether `rows` holds `row` (compared by discriminant: `const` has no `==`
        /// on enums).
        const fn holds(rows: &[Transition<$state, $action>], row: &Transition<$state, $action>) -> bool {
            let mut rest = rows;
            while let [first, tail @ ..] = rest {
                if first.from as u8 == row.from as u8
                    && first.action as u8 == row.action as u8
                    && first.to as u8 == row.to as u8
                {
                    return true;
                }
                rest = tail;
            }
            false
        }

        /// Whether the typed rows and the runtime table hold the same transitions.
        const fn typed_equals_table(table: &[Transition<$state, $action>]) -> bool {
            let mut markers: &[&[Transition<$state, $action>]] = TYPED;
            while let [rows, more_markers @ ..] = markers {
                let mut rows: &[Transition<$state, $action>] = rows;
                while let [row, more_rows @ ..] = rows {
                    if !holds(table, row) {
                        return false;
                    }
                    rows = more_rows;
                }
                markers = more_markers;
            }
            let mut table_rows = table;
            while let [row, more @ ..] = table_rows {
                let mut found = false;
                let mut markers: &[&[Transition<$state, $action>]] = TYPED;
                while let [rows, more_markers @ ..] = markers {
                    found = found || holds(rows, row);
                    markers = more_markers;
                }
                if !found {
                    return false;
                }
                table_rows = more;
            }
            true
        }

        const _: () = assert!(
            typed_equals_table(&$table),
            concat!(
                "the methods of `",
                stringify!($wrapper),
                "` disagree with the runtime table `",
                stringify!($table),
                "`"
            )
        );
    };
}

pub(crate) use typestate;
