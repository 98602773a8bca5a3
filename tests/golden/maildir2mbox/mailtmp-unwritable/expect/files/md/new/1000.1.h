Return-Path: <a b@c>
Subject: one

From here
>From there
