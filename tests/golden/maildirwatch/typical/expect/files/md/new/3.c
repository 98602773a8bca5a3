From: a@b,
  c@d
Subject: long
subject: twice
Delivered-To: first@x
Delivered-To: second@x
Return-Path: <>
Return-Path:

body line 0 of many
body line 1 of many
body line 2 of many
body line 3 of many
body line 4 of many
body line 5 of many
body line 6 of many
body line 7 of many
body line 8 of many
body line 9 of many
body line 10 of many
body line 11 of many
body line 12 of many
body line 13 of many
body line 14 of many
body line 15 of many
body line 16 of many
body line 17 of many
body line 18 of many
body line 19 of many
