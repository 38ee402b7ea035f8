// The .pcg model language. docs/language.md explains every construct to a model author;
// this grammar is only the shape of the text. Statements need no separators: every
// statement starts with a keyword or a name, so a newline (or a ';') is enough.
grammar Pcg;

// Spelled out because org.pcg.syntax.Parser, the phase entry point, shadows the short name.
options { superClass = org.antlr.v4.runtime.Parser; }

file
    : (layerDef | modelDef)* EOF
    ;

modelDef
    : MODEL NAME LBRACE statement* RBRACE
    ;

layerDef
    : LAYER NAME LPAREN (layerParam (COMMA layerParam)*)? RPAREN LBRACE statement* RBRACE
    ;

layerParam
    : NAME (COLON NAME)?
    ;

statement
    : INPUT NAME COLON shape                                    # inputDecl
    | TARGET NAME COLON shape                                   # targetDecl
    | PARAM NAME COLON shape (INIT initSpec)?                   # paramDecl
    | NAME (LBRACK expr RBRACK)? ASSIGN expr                    # assign
    | LOSS NAME LPAREN arguments? RPAREN                        # lossStmt
    | TRAIN LBRACE setting* RBRACE                              # trainBlock
    | FOR NAME IN expr RANGE expr LBRACE statement* RBRACE      # forLoop
    | RETURN expr                                               # returnStmt
    | layerDef                                                  # nestedLayer
    | SEMI                                                      # emptyStmt
    ;

shape
    : LBRACK (expr (COMMA expr)*)? RBRACK
    ;

initSpec
    : NAME (LPAREN arguments? RPAREN)?
    ;

setting
    : NAME ASSIGN settingValue (SEMI | COMMA)?
    ;

// A word may contain hyphens, as in 'algorithm = zil-faithful'.
settingValue
    : MINUS? NUMBER
    | NAME (MINUS NAME)*
    ;

// Alternatives are listed from the tightest binding to the loosest.
expr
    : expr LBRACK indexItem (COMMA indexItem)* RBRACK           # index
    | MINUS expr                                                # negate
    | expr op=(STAR | SLASH | AT) expr                          # multiply
    | expr op=(PLUS | MINUS) expr                               # add
    | NAME LPAREN arguments? RPAREN                             # call
    | NAME                                                      # name
    | NUMBER                                                    # number
    | LBRACK (expr (COMMA expr)*)? RBRACK                       # list
    | LPAREN expr RPAREN                                        # paren
    ;

indexItem
    : expr? COLON expr?                                         # sliceItem
    | expr                                                      # singleItem
    ;

arguments
    : argument (COMMA argument)*
    ;

argument
    : (NAME ASSIGN)? expr
    ;

MODEL   : 'model' ;
LAYER   : 'layer' ;
INPUT   : 'input' ;
TARGET  : 'target' ;
PARAM   : 'param' ;
INIT    : 'init' ;
LOSS    : 'loss' ;
TRAIN   : 'train' ;
FOR     : 'for' ;
IN      : 'in' ;
RETURN  : 'return' ;

LBRACE  : '{' ;
RBRACE  : '}' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACK  : '[' ;
RBRACK  : ']' ;
COMMA   : ',' ;
COLON   : ':' ;
SEMI    : ';' ;
RANGE   : '..' ;
ASSIGN  : '=' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
AT      : '@' ;

// "1..28" must lex as 1, .., 28: a decimal point needs digits after it.
NUMBER  : DIGIT+ ('.' DIGIT+)? EXPONENT?
        | '.' DIGIT+ EXPONENT?
        ;
// An exponent without digits ("1e", "2.5e+") is one token so the error names all of it.
BAD_NUMBER : DIGIT+ ('.' DIGIT+)? [eE] [+-]? ;
NAME    : [a-zA-Z_] [a-zA-Z_0-9]* ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
// Reported by the parser driver; kept off the default channel so the parse goes on.
UNCLOSED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(HIDDEN) ;
WS      : [ \t\r\n\f]+ -> skip ;
// Any other character. Reported before parsing, then kept from the parser so that one
// stray character makes one error.
UNKNOWN_CHAR : . -> channel(HIDDEN) ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
